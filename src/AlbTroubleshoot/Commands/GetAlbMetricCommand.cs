using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AlbTroubleshoot.CloudWatch;

namespace AlbTroubleshoot.Commands
{
    /// <summary>
    /// Get-AlbMetric: a load balancer's CloudWatch series (namespace AWS/ApplicationELB) over a window,
    /// live through GetMetricData (batched, CloudWatch/MetricQueries.cs) or from a snapshot's
    /// GetMetricData section; one MetricSeries per metric, statistic and dimension set.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AlbMetric", DefaultParameterSetName = LiveSet)]
    [OutputType(typeof(MetricSeries))]
    public sealed class GetAlbMetricCommand : AwsStateCmdlet
    {

        private DateTime? _now;

        /// <summary>The start of the window (default: 3 hours before -To).</summary>
        [Parameter]
        public DateTime? From { get; set; }

        /// <summary>The end of the window (default: now).</summary>
        [Parameter]
        public DateTime? To { get; set; }

        /// <summary>Seconds per data point, a multiple of 60 (live only; a snapshot keeps the period it was collected with).</summary>
        [Parameter]
        [ValidateRange(60, 86400)]
        public int Period { get; set; } = 60;

        /// <summary>Only these metrics (default: every metric the diagnosis reads).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(MetricNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? MetricName { get; set; }

        protected override void BeginProcessing()
        {
            if (Period % 60 != 0)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Period " + Period + " is not a multiple of 60 seconds."),
                    ErrorIds.InvalidMetricTime, ErrorCategory.InvalidArgument, Period));
            var unknown = (MetricName ?? Array.Empty<string>()).Where(n => !MetricQueries.MetricNames.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
            if (unknown.Count > 0)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException(DisplayText.Safe("-MetricName " + string.Join(", ", unknown) +
                        ": not a metric this module reads. It reads: " + string.Join(", ", MetricQueries.MetricNames) + ".")),
                    ErrorIds.UnknownMetricName, ErrorCategory.InvalidArgument, unknown[0]));
            var (from, to) = Window();
            if (to <= from)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("-To " + to.ToString("u", System.Globalization.CultureInfo.InvariantCulture) +
                        " is not after -From " + from.ToString("u", System.Globalization.CultureInfo.InvariantCulture) + "."),
                    ErrorIds.InvalidMetricTime, ErrorCategory.InvalidArgument, To));
        }

        private (DateTime From, DateTime To) Window()
        {
            _now ??= DateTime.UtcNow;
            var to = Utc(To) ?? _now.Value;
            return (Utc(From) ?? to.AddHours(-3), to);
        }

        private static DateTime? Utc(DateTime? t) =>
            t is null ? null : t.Value.Kind == DateTimeKind.Local ? t.Value.ToUniversalTime() : DateTime.SpecifyKind(t.Value, DateTimeKind.Utc);

        private protected override CloudWatch.MetricWindow? LiveMetricWindow
        {
            get
            {
                var (from, to) = Window();
                return new CloudWatch.MetricWindow(from, to, Period, MetricName);
            }
        }

        protected override void ProcessSnapshot(AlbSnapshot snapshot)
        {
            foreach (var problem in snapshot.Metrics.Problems)
                WriteError(new ErrorRecord(new InvalidOperationException(DisplayText.Safe(snapshot.Source + ": " + problem)),
                    ErrorIds.MetricDataMalformed, ErrorCategory.InvalidData, snapshot.Source));
            var live = ParameterSetName == LiveSet;
            var (from, to) = Window();
            foreach (var loadBalancer in SelectLoadBalancers(snapshot))
            {
                var data = snapshot.Metrics.For(loadBalancer.Arn);
                if (data is null)
                {
                    var why = snapshot.Document.Errors.TryGetValue(MetricData.Section, out var failed) ? " (" + failed + ")" : string.Empty;
                    WriteError(new ErrorRecord(new ItemNotFoundException(DisplayText.Safe((live
                            ? "No metrics were collected for " + loadBalancer.Name + why
                            : "The snapshot " + snapshot.Source + " holds no GetMetricData for " + loadBalancer.Name + ": export it with Export-AlbSnapshot -MetricWindow") + ".")),
                        ErrorIds.MetricDataNotInSnapshot, ErrorCategory.ObjectNotFound, loadBalancer.Arn));
                    continue;
                }
                foreach (var series in data.Series)
                {
                    if (MetricName is { Length: > 0 } && !MetricName.Contains(series.MetricName, StringComparer.OrdinalIgnoreCase)) continue;
                    // Offline, -From/-To (when given) narrow the points to that part of the collected window.
                    WriteObject(!live && (From.HasValue || To.HasValue) ? Trim(series, from, to) : series);
                }
            }
        }

        private static MetricSeries Trim(MetricSeries s, DateTime from, DateTime to) =>
            new MetricSeries(s.LoadBalancerName, s.TargetGroupName, s.AvailabilityZone, s.MetricName, s.Statistic, s.Period,
                s.Timestamps.Select((t, i) => new KeyValuePair<DateTime, double>(t, s.Values[i])).Where(p => p.Key >= from && p.Key < to), s.LoadBalancerArn);
    }

    /// <summary>Completes -MetricName with the metrics the module reads.</summary>
    public sealed class MetricNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            System.Management.Automation.Language.CommandAst commandAst, System.Collections.IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return MetricQueries.MetricNames.Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n));
        }
    }
}
