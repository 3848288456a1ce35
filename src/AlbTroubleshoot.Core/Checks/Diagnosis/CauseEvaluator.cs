using System;
using System.Collections.Generic;
using System.Linq;
using AlbTroubleshoot.Catalog;
using AlbTroubleshoot.Model;

namespace AlbTroubleshoot.Diagnostics
{
    /// <summary>
    /// Evaluates the catalog's causes against one load balancer: each cause by the evaluation it is
    /// defined with (Catalog/Causes.*.cs). With access logs (<see cref="DiagnosisOptions.AccessLogs"/>)
    /// the lines are weighed next (<see cref="WithAccessLogs"/>), then what a probe of the targets
    /// measured (<see cref="DiagnosisOptions.Probe"/>, <see cref="WithProbe"/>).
    /// </summary>
    internal static class CauseEvaluator
    {
        /// <summary>
        /// One evaluated <see cref="ErrorCause"/> per catalog cause of the requested codes (every
        /// cause when <see cref="DiagnosisOptions.StatusCodes"/> is empty), most severe first
        /// (Confirmed, Likely, Unknown, Possible, RuledOut, NotApplicable: CheckResult.Rank), catalog order within a verdict.
        /// </summary>
        public static IReadOnlyList<ErrorCause> Evaluate(EnvironmentModel model, LoadBalancer loadBalancer, DiagnosisOptions options)
        {
            if (model is null) throw new ArgumentNullException(nameof(model));
            if (loadBalancer is null) throw new ArgumentNullException(nameof(loadBalancer));
            if (options is null) throw new ArgumentNullException(nameof(options));
            if (!loadBalancer.IsApplicationLoadBalancer) throw new ArgumentException(loadBalancer.NotApplicationReason, nameof(loadBalancer));

            var results = new List<ErrorCause>();
            CheckContext? shared = null;
            foreach (var (cause, code, wholeClass, lines) in Select(options.StatusCodes))
            {
                var context = shared?.For(cause, code, wholeClass) ?? new CheckContext(model, loadBalancer, options, cause, code, wholeClass);
                shared ??= context;
                var result = cause.Evaluate(context);
                if (options.AccessLogs is not null) result = WithAccessLogs(result, options.AccessLogs.Judge(cause, lines));
                if (options.Metrics is not null) result = WithMetrics(result, options.Metrics.Judge(cause, code));
                if (options.Probe is not null) result = WithProbe(result, options.Probe.Judge(cause));
                results.Add(new ErrorCause(cause, code, result.Verdict, result.Evidence, loadBalancer.Name));
            }
            // OrderBy is stable: catalog order is kept within a verdict.
            return results.OrderBy(r => CheckResult.Rank(r.VerdictKind)).ToList();
        }

        /// <summary>
        /// True when access-log lines can make this cause Confirmed or Likely (the classifier has such an
        /// answer for it); with lines in the window and none fitting, any cause is RuledOut.
        /// </summary>
        public static bool DecidedByAccessLogs(string causeId) => AccessLogs.AccessLogClassifier.AllMatches.Any(m =>
            (m.Verdict == CauseVerdict.Confirmed || m.Verdict == CauseVerdict.Likely) && m.Fits(causeId));

        /// <summary>
        /// Weighs what the configuration check concluded against what the access-log lines say:
        /// <list type="bullet">
        /// <item>lines that confirm the cause make it Confirmed (AWS named the failure, or the line's fields leave no other reading);</item>
        /// <item>Likely or Possible lines raise the verdict to theirs, except over RuledOut/NotApplicable: a configuration that excludes the cause outweighs a line that fits several;</item>
        /// <item>no fitting line in a window that has lines rules out what the configuration could not decide (Possible, Unknown);
        /// a configuration fault (Confirmed, Likely) stays: the window may simply not show it.</item>
        /// </list>
        /// The evidence that decided comes first.
        /// </summary>
        internal static CheckResult WithAccessLogs(CheckResult config, (CauseVerdict Verdict, string[] Evidence)? logs)
        {
            if (logs is null) return config;
            var (logVerdict, logEvidence) = logs.Value;
            CauseVerdict verdict;
            if (logVerdict == CauseVerdict.Confirmed) verdict = CauseVerdict.Confirmed;
            else if (logVerdict == CauseVerdict.RuledOut)
                verdict = config.Verdict == CauseVerdict.Possible || config.Verdict == CauseVerdict.Unknown ? CauseVerdict.RuledOut : config.Verdict;
            else
                verdict = config.Verdict == CauseVerdict.RuledOut || config.Verdict == CauseVerdict.NotApplicable
                    ? config.Verdict
                    : CheckResult.Worst(config.Verdict, logVerdict);
            var logsDecided = verdict != config.Verdict || (verdict == logVerdict && logVerdict != CauseVerdict.RuledOut);
            return new CheckResult(verdict, logsDecided ? logEvidence.Concat(config.Evidence) : config.Evidence.Concat(logEvidence));
        }

        /// <summary>
        /// Weighs what the configuration and the access logs concluded against what the probe measured
        /// (the verdict table is ProbeCauses.VerdictOf; docs/probe.md, "In a diagnosis"):
        /// <list type="bullet">
        /// <item>a measured failure that decides the cause makes it Confirmed, whatever was concluded before;</item>
        /// <item>Likely or Possible rows raise the verdict to theirs, except over RuledOut/NotApplicable (the probe connects from elsewhere than the ALB's nodes);</item>
        /// <item>RuledOut (every target passed KeepAlive) rules out only what could not be decided (Possible, Unknown): a log line that recorded the fault outweighs a pass now;</item>
        /// <item>rows that decide nothing (passes, Unknown, Skipped) add their evidence and change nothing.</item>
        /// </list>
        /// </summary>
        internal static CheckResult WithProbe(CheckResult before, (CauseVerdict? Verdict, string[] Evidence)? probe)
        {
            if (probe is null) return before;
            var (probeVerdict, probeEvidence) = probe.Value;
            var verdict = before.Verdict;
            if (probeVerdict == CauseVerdict.Confirmed) verdict = CauseVerdict.Confirmed;
            else if (probeVerdict == CauseVerdict.RuledOut)
                verdict = before.Verdict == CauseVerdict.Possible || before.Verdict == CauseVerdict.Unknown ? CauseVerdict.RuledOut : before.Verdict;
            else if (probeVerdict is not null && before.Verdict != CauseVerdict.RuledOut && before.Verdict != CauseVerdict.NotApplicable)
                verdict = CheckResult.Worst(before.Verdict, probeVerdict.Value);
            var probeDecided = probeVerdict is not null && (verdict != before.Verdict || verdict == probeVerdict);
            return new CheckResult(verdict, probeDecided ? probeEvidence.Concat(before.Evidence) : before.Evidence.Concat(probeEvidence));
        }

        /// <summary>
        /// Weighs the verdict so far against the CloudWatch metrics (docs/diagnosis.md#metric-evidence): a
        /// metric raises a cause to its verdict (Likely; Confirmed only for a single-source count) unless
        /// the configuration excludes it (RuledOut, NotApplicable) or already confirmed it; a metric that
        /// rules out only settles what was undecided (Possible, Unknown); evidence-only lines are added.
        /// The evidence that decided comes first.
        /// </summary>
        internal static CheckResult WithMetrics(CheckResult current, CloudWatch.MetricJudgement? metrics)
        {
            if (metrics is null) return current;
            var verdict = current.Verdict;
            if (metrics.Verdict == CauseVerdict.Confirmed)
                verdict = current.Verdict == CauseVerdict.NotApplicable ? current.Verdict : CauseVerdict.Confirmed;
            else if (metrics.Verdict == CauseVerdict.RuledOut)
                verdict = current.Verdict == CauseVerdict.Possible || current.Verdict == CauseVerdict.Unknown ? CauseVerdict.RuledOut : current.Verdict;
            else if (metrics.Verdict is not null && current.Verdict != CauseVerdict.RuledOut && current.Verdict != CauseVerdict.NotApplicable)
                verdict = CheckResult.Worst(current.Verdict, metrics.Verdict.Value);
            return new CheckResult(verdict, verdict != current.Verdict ? metrics.Evidence.Concat(current.Evidence) : current.Evidence.Concat(metrics.Evidence));
        }

        /// <summary>
        /// The causes of the requested codes, each once, with the code it is reported under (the first
        /// code asked that has it) and the access-log lines that can speak for it: the lines of that
        /// code; for an entry of a whole class (5XX.TargetGenerated) the whole class, unless a code was asked for.
        /// </summary>
        private static IEnumerable<(CauseDefinition Cause, int Code, bool WholeClass, StatusCodeFilter Lines)> Select(IReadOnlyList<StatusCodeFilter> filters)
        {
            if (filters is null || filters.Count == 0) return CauseCatalog.All.Select(c => (c, c.StatusCode, c.AppliesToWholeClass, OwnLines(c)));
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var list = new List<(CauseDefinition, int, bool, StatusCodeFilter)>();
            foreach (var f in filters)
            {
                var causes = f.Class.HasValue
                    ? CauseCatalog.ForClass(f.Class.Value).Select(c => (c, c.StatusCode, c.AppliesToWholeClass, OwnLines(c)))
                    : CauseCatalog.ForCode(f.Code!.Value).Select(c => (c, f.Code!.Value, false, f));
                foreach (var (cause, code, wholeClass, lines) in causes)
                    if (seen.Add(cause.Id)) list.Add((cause, code, wholeClass, lines));
            }
            return list;
        }

        private static StatusCodeFilter OwnLines(CauseDefinition cause) =>
            cause.AppliesToWholeClass ? new StatusCodeFilter(cause.StatusCode / 100 + "XX") : new StatusCodeFilter(cause.StatusCode);
    }
}
