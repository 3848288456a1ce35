using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using AlbTroubleshoot.AccessLogs;

namespace AlbTroubleshoot
{
    /// <summary>
    /// The -AccessLogPath of Invoke-AlbDiagnosis and Get-AlbErrorCause: the files are read once, when
    /// the first load balancer needs them, counting every load balancer's lines (Measure-AlbAccessLog
    /// -By LoadBalancer); each load balancer then gets its own <see cref="AccessLogEvidence"/>.
    /// A file that cannot be read is an error and the others count; a load balancer the files hold no
    /// line of gets a warning and is decided from its configuration alone.
    /// </summary>
    internal sealed class AccessLogEvidenceSource
    {
        private readonly string[] paths;
        private readonly HashSet<string> warned = new HashSet<string>(StringComparer.Ordinal);
        private IReadOnlyList<AccessLogSummary>? rows;
        private int fileCount;
        private bool read;

        public AccessLogEvidenceSource(string[] paths) => this.paths = paths;

        /// <summary>The evidence for one load balancer; null when no file could be read or the user stopped the command.</summary>
        public AccessLogEvidence? For(PSCmdlet cmdlet, Model.LoadBalancer loadBalancer, CancellationToken cancellation)
        {
            if (!read)
            {
                read = true;
                Read(cmdlet, cancellation);
            }
            if (rows is null) return null;
            var evidence = AccessLogEvidence.FromSummary(new[] { loadBalancer.Arn }, rows, fileCount)[0];
            if (evidence.Lines == 0 && warned.Add(evidence.LoadBalancerId))
            {
                var others = evidence.OtherLoadBalancers;
                cmdlet.WriteWarning(string.Format(CultureInfo.InvariantCulture,
                    "The access logs ({0}) hold no line of {1} ({2}){3}. Its causes are decided from the configuration alone.",
                    Plural(fileCount, "file"), evidence.LoadBalancerId, loadBalancer.Name,
                    others.Length == 0 ? string.Empty : "; they hold lines of " + string.Join(", ", others.Take(5)) + (others.Length > 5 ? " and " + (others.Length - 5) + " more" : string.Empty)));
            }
            return evidence;
        }

        private void Read(PSCmdlet cmdlet, CancellationToken cancellation)
        {
            var files = new List<string>();
            foreach (var p in paths)
                files.AddRange(AccessLogPaths.Resolve(cmdlet, p, literal: false, cmdlet.WriteError));
            files = files.Distinct(StringComparer.Ordinal).ToList();
            if (files.Count == 0) return;   // each path that matched nothing was an AccessLogPathNotFound error
            fileCount = files.Count;
            using (var runner = new AccessLogScanRunner(files, new AccessLogQuery(), AccessLogGrouping.LoadBalancer))
            using (cancellation.Register(runner.Cancel))
                rows = runner.Run(cmdlet, "Reading access logs");
        }

        private static string Plural(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? string.Empty : "s");
    }
}
