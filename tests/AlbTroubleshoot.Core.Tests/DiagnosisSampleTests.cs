using System;
using System.Collections.Generic;
using System.Linq;
using AlbTroubleshoot.Diagnostics;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Snapshots;
using Xunit;

namespace AlbTroubleshoot.Tests
{
    /// <summary>The engine over the sample snapshots: what each scenario's _scenario says a diagnosis must find.</summary>
    public class DiagnosisSampleTests
    {
        internal static IReadOnlyList<ErrorCause> Evaluate(string sample, int? keepAlive = null, params string[] codes)
        {
            var model = SnapshotMapper.Map(SnapshotDocument.Load(RepoPaths.Combine("samples", sample)));
            var lb = model.LoadBalancers!.Single();
            return CauseEvaluator.Evaluate(model, lb, new DiagnosisOptions
            {
                StatusCodes = codes.Select(c => new StatusCodeFilter(c)).ToList(),
                TargetKeepAliveSeconds = keepAlive,
            });
        }

        internal static ErrorCause Find(IReadOnlyList<ErrorCause> causes, string id) => causes.Single(c => c.Id == id);

        [Fact]
        public void Dump()
        {
            foreach (var f in System.IO.Directory.GetFiles(RepoPaths.Combine("samples"), "*.json"))
            {
                var text = string.Join("\n", Evaluate(System.IO.Path.GetFileName(f)).Select(c => c.Verdict + " " + c.Id + "\n    " + string.Join("\n    ", c.Evidence)));
                System.IO.File.WriteAllText("/tmp/causes-dump-" + System.IO.Path.GetFileNameWithoutExtension(f) + ".txt", text);
            }
        }
    }
}
