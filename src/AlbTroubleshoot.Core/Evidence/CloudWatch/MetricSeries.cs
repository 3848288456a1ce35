using System;
using System.Collections.Generic;
using System.Linq;

namespace AlbTroubleshoot
{
    /// <summary>
    /// One CloudWatch series of a load balancer (namespace AWS/ApplicationELB) over a window, as written
    /// by Get-AlbMetric and held by <see cref="Diagnosis.Metrics"/> (docs/public-surface.md §5):
    /// the metric, its statistic and period, the dimensions it was asked for, and the data points in
    /// ascending time order.
    /// </summary>
    public sealed class MetricSeries
    {
        public MetricSeries(string loadBalancerName, string targetGroupName, string availabilityZone, string metricName,
            string statistic, int period, IEnumerable<KeyValuePair<DateTime, double>> points, string loadBalancerArn = "")
        {
            LoadBalancerName = loadBalancerName ?? string.Empty;
            TargetGroupName = targetGroupName ?? string.Empty;
            AvailabilityZone = availabilityZone ?? string.Empty;
            MetricName = metricName ?? throw new ArgumentNullException(nameof(metricName));
            Statistic = statistic ?? string.Empty;
            Period = period;
            LoadBalancerArn = loadBalancerArn ?? string.Empty;
            // Pages of one query may arrive in any order; a timestamp seen twice keeps its last value.
            var ordered = new SortedDictionary<DateTime, double>();
            foreach (var p in points ?? Enumerable.Empty<KeyValuePair<DateTime, double>>())
                ordered[DateTime.SpecifyKind(p.Key.Kind == DateTimeKind.Local ? p.Key.ToUniversalTime() : p.Key, DateTimeKind.Utc)] = p.Value;
            Timestamps = ordered.Keys.ToArray();
            Values = ordered.Values.ToArray();
            Total = Values.Sum();
            if (Values.Length > 0)
            {
                var at = 0;
                for (var i = 1; i < Values.Length; i++) if (Values[i] > Values[at]) at = i;
                Maximum = Values[at];
                PeakTime = Timestamps[at];
                Minimum = Values.Min();
            }
        }

        public string LoadBalancerName { get; }

        /// <summary>Empty for a load-balancer-level series.</summary>
        public string TargetGroupName { get; }

        /// <summary>Empty unless the series is per Availability Zone.</summary>
        public string AvailabilityZone { get; }

        public string MetricName { get; }

        /// <summary>Sum, Average, Minimum, Maximum, SampleCount or a percentile such as p99.</summary>
        public string Statistic { get; }

        /// <summary>Seconds per data point.</summary>
        public int Period { get; }

        /// <summary>UTC, ascending.</summary>
        public DateTime[] Timestamps { get; }

        public double[] Values { get; }

        /// <summary>The sum of the values (for a Sum series: the count over the window).</summary>
        public double Total { get; }

        /// <summary>The largest value; 0 when there are no data points.</summary>
        public double Maximum { get; }

        /// <summary>The smallest value; null when there are no data points.</summary>
        public double? Minimum { get; }

        /// <summary>When <see cref="Maximum"/> was reached (the first time); null when there are no data points.</summary>
        public DateTime? PeakTime { get; }

        public string LoadBalancerArn { get; }

        /// <summary>"HTTPCode_ELB_502_Count (TargetGroup web-tg, AvailabilityZone us-east-1a)": what evidence and reports name.</summary>
        public string Describe()
        {
            var dims = new List<string>();
            if (TargetGroupName.Length > 0) dims.Add("target group " + TargetGroupName);
            if (AvailabilityZone.Length > 0) dims.Add(AvailabilityZone);
            return MetricName + (dims.Count > 0 ? " (" + string.Join(", ", dims) + ")" : string.Empty);
        }

        public override string ToString() => Describe() + " " + Statistic + ": " + Values.Length + " points";
    }
}
