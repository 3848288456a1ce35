using System;
using System.Management.Automation;

namespace AlbTroubleshoot
{
    /// <summary>-MetricWindow (a TimeSpan ending now) as the collector's window; the one check of its range.</summary>
    internal static class MetricWindowParameter
    {

        /// <summary>CloudWatch keeps 1-minute data 15 days (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricStatistics.html).</summary>
        internal static readonly TimeSpan Longest = TimeSpan.FromDays(15);

        public static CloudWatch.MetricWindow? From(PSCmdlet cmdlet, TimeSpan? window)
        {
            if (window is null) return null;
            if (window.Value < TimeSpan.FromMinutes(1) || window.Value > Longest)
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new ArgumentOutOfRangeException(nameof(window), "-MetricWindow " + window.Value + " is not between 1 minute and 15 days (how long CloudWatch keeps 1-minute data)."),
                    ErrorIds.InvalidMetricWindow, ErrorCategory.InvalidArgument, window.Value));
            return CloudWatch.MetricWindow.Last(window.Value);
        }
    }
}
