using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AlbTroubleshoot.Json;
using AlbTroubleshoot.Model;

namespace AlbTroubleshoot.CloudWatch
{
    /// <summary>Where a metric is asked for: the load balancer, each target group, each target group in each zone.</summary>
    [Flags]
    internal enum MetricScope
    {
        LoadBalancer = 1,
        TargetGroup = 2,
        TargetGroupZone = 4,
    }

    /// <summary>One query of a GetMetricData call, with the dimensions it names (by name: their order never matters to the module).</summary>
    internal sealed class MetricQuery
    {
        public MetricQuery(string id, string metricName, string statistic, int period, IReadOnlyList<KeyValuePair<string, string>> dimensions)
        {
            Id = id;
            MetricName = metricName;
            Statistic = statistic;
            Period = period;
            Dimensions = dimensions;
        }

        public string Id { get; }
        public string MetricName { get; }
        public string Statistic { get; }
        public int Period { get; }
        public IReadOnlyList<KeyValuePair<string, string>> Dimensions { get; }

        public string? Dimension(string name) => Dimensions.Where(d => d.Key == name).Select(d => d.Value).FirstOrDefault();

        /// <summary>The query as the API (and the CLI's --metric-data-queries) spells it.</summary>
        public JsonObject ToJson()
        {
            var metric = new JsonObject();
            metric.Set("Namespace", JsonValue.From(MetricQueries.Namespace));
            metric.Set("MetricName", JsonValue.From(MetricName));
            metric.Set("Dimensions", new JsonArray(Dimensions.Select(d =>
            {
                var o = new JsonObject();
                o.Set("Name", JsonValue.From(d.Key));
                o.Set("Value", JsonValue.From(d.Value));
                return (JsonValue)o;
            })));
            var stat = new JsonObject();
            stat.Set("Metric", metric);
            stat.Set("Period", JsonValue.From(Period));
            stat.Set("Stat", JsonValue.From(Statistic));
            var query = new JsonObject();
            query.Set("Id", JsonValue.From(Id));
            query.Set("MetricStat", stat);
            query.Set("ReturnData", JsonValue.From(true));
            return query;
        }
    }

    /// <summary>
    /// The one place that says which CloudWatch metrics the module reads (namespace AWS/ApplicationELB,
    /// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html),
    /// with which statistic and dimensions, and how the queries are cut into GetMetricData calls.
    /// Counts are read as Sum (the only meaningful statistic AWS names for them), TargetResponseTime as
    /// Average and Maximum, HealthyHostCount as Minimum (a zone that had none at some point) and
    /// UnHealthyHostCount as Maximum. Percentiles are not asked for: a Maximum is what the idle-timeout
    /// rule needs, and readers accept a pNN series all the same.
    /// </summary>
    internal static class MetricQueries
    {
        public const string Namespace = "AWS/ApplicationELB";

        /// <summary>GetMetricData takes at most 500 queries a call (API reference, MetricDataQueries).</summary>
        public const int MaxQueriesPerCall = 500;

        public const string LoadBalancerDimension = "LoadBalancer";
        public const string TargetGroupDimension = "TargetGroup";
        public const string ZoneDimension = "AvailabilityZone";

        private const MetricScope Lb = MetricScope.LoadBalancer;
        private const MetricScope Tg = MetricScope.TargetGroup;
        private const MetricScope Zone = MetricScope.TargetGroupZone;

        /// <summary>Metric, statistic, scopes: every series the diagnosis reads, in report order.</summary>
        internal static readonly (string Metric, string Statistic, MetricScope Scope)[] Definitions =
        {
            ("RequestCount", "Sum", Lb | Tg),
            ("HTTPCode_ELB_4XX_Count", "Sum", Lb),
            ("HTTPCode_ELB_5XX_Count", "Sum", Lb),
            ("HTTPCode_ELB_500_Count", "Sum", Lb),
            ("HTTPCode_ELB_502_Count", "Sum", Lb),
            ("HTTPCode_ELB_503_Count", "Sum", Lb),
            ("HTTPCode_ELB_504_Count", "Sum", Lb),
            ("HTTPCode_Target_4XX_Count", "Sum", Lb | Tg),
            ("HTTPCode_Target_5XX_Count", "Sum", Lb | Tg),
            ("TargetConnectionErrorCount", "Sum", Lb | Tg | Zone),
            ("TargetTLSNegotiationErrorCount", "Sum", Lb | Tg),
            ("TargetResponseTime", "Average", Lb),
            ("TargetResponseTime", "Maximum", Lb | Tg),
            ("RejectedConnectionCount", "Sum", Lb),
            ("ClientTLSNegotiationErrorCount", "Sum", Lb),
            ("DesyncMitigationMode_NonCompliant_Request_Count", "Sum", Lb),
            ("HTTP_Redirect_Url_Limit_Exceeded_Count", "Sum", Lb),
            ("ELBAuthError", "Sum", Lb),
            ("ELBAuthFailure", "Sum", Lb),
            ("ELBAuthUserClaimsSizeExceeded", "Sum", Lb),
            ("ELBAuthLatency", "Maximum", Lb),
            ("LambdaUserError", "Sum", Tg),
            ("LambdaInternalError", "Sum", Tg),
            ("UnhealthyRoutingRequestCount", "Sum", Tg),
            ("HealthyHostCount", "Minimum", Tg | Zone),
            ("UnHealthyHostCount", "Maximum", Tg | Zone),
        };

        /// <summary>The metric names the module reads (for -MetricName completion and validation).</summary>
        public static IReadOnlyList<string> MetricNames { get; } = Definitions.Select(d => d.Metric).Distinct(StringComparer.Ordinal).ToArray();

        /// <summary>"app/name/id" of a load balancer ARN, or "targetgroup/name/id" of a target group ARN: the dimension value AWS uses.</summary>
        public static string DimensionValue(string arn)
        {
            if (string.IsNullOrEmpty(arn)) return string.Empty;
            var at = arn.IndexOf(":loadbalancer/", StringComparison.Ordinal);
            if (at >= 0) return arn.Substring(at + ":loadbalancer/".Length);
            at = arn.LastIndexOf(':');
            return at >= 0 ? arn.Substring(at + 1) : arn;
        }

        /// <summary>
        /// The queries for one load balancer: the load-balancer series, then per target group, then per
        /// target group and zone (the load balancer's zones). <paramref name="metricNames"/> narrows the
        /// metrics (null or empty: all). Ids are <c>{prefix}_{n}</c>, valid GetMetricData ids (a
        /// lowercase letter first, then letters, digits and '_'), unique within one load balancer's list.
        /// </summary>
        public static List<MetricQuery> For(LoadBalancer loadBalancer, IEnumerable<TargetGroup> targetGroups, int period,
            IReadOnlyCollection<string>? metricNames, string prefix = "q")
        {
            if (loadBalancer is null) throw new ArgumentNullException(nameof(loadBalancer));
            return For(loadBalancer.Arn, (targetGroups ?? Enumerable.Empty<TargetGroup>()).Select(g => g.Arn),
                loadBalancer.AvailabilityZones.Select(z => z.ZoneName), period, metricNames, prefix);
        }

        /// <summary>The same from the ARNs and zone names (the collector has the AWS responses, not the model).</summary>
        public static List<MetricQuery> For(string loadBalancerArn, IEnumerable<string> targetGroupArns, IEnumerable<string> zoneNames, int period,
            IReadOnlyCollection<string>? metricNames, string prefix = "q")
        {
            if (!IsValidId(prefix + "_0")) throw new ArgumentException("The id prefix must start with a lowercase letter and hold only letters, digits and '_'.", nameof(prefix));
            if (period < 60 || period % 60 != 0) throw new ArgumentOutOfRangeException(nameof(period), "The period must be a multiple of 60 seconds.");
            var lb = new KeyValuePair<string, string>(LoadBalancerDimension, DimensionValue(loadBalancerArn));
            var groups = targetGroupArns.Where(a => !string.IsNullOrEmpty(a)).Distinct(StringComparer.Ordinal).ToList();
            var zones = zoneNames.Where(z => !string.IsNullOrEmpty(z)).Distinct(StringComparer.Ordinal).ToList();
            var wanted = Definitions.Where(d => metricNames is null || metricNames.Count == 0 || metricNames.Contains(d.Metric, StringComparer.OrdinalIgnoreCase)).ToList();
            var queries = new List<MetricQuery>();
            void Add(string metric, string stat, params KeyValuePair<string, string>[] dims) =>
                queries.Add(new MetricQuery(prefix + "_" + queries.Count.ToString(CultureInfo.InvariantCulture), metric, stat, period, dims));

            foreach (var d in wanted.Where(d => (d.Scope & MetricScope.LoadBalancer) != 0)) Add(d.Metric, d.Statistic, lb);
            foreach (var g in groups)
            {
                var tg = new KeyValuePair<string, string>(TargetGroupDimension, DimensionValue(g));
                foreach (var d in wanted.Where(d => (d.Scope & MetricScope.TargetGroup) != 0)) Add(d.Metric, d.Statistic, lb, tg);
            }
            foreach (var g in groups)
            {
                var tg = new KeyValuePair<string, string>(TargetGroupDimension, DimensionValue(g));
                foreach (var z in zones)
                    foreach (var d in wanted.Where(d => (d.Scope & MetricScope.TargetGroupZone) != 0))
                        Add(d.Metric, d.Statistic, lb, tg, new KeyValuePair<string, string>(ZoneDimension, z));
            }
            return queries;
        }

        /// <summary>Cuts queries into calls of at most <see cref="MaxQueriesPerCall"/>, in order.</summary>
        public static List<List<T>> Batches<T>(IReadOnlyList<T> queries, int size = MaxQueriesPerCall)
        {
            if (size < 1) throw new ArgumentOutOfRangeException(nameof(size));
            var result = new List<List<T>>();
            for (var i = 0; i < queries.Count; i += size) result.Add(queries.Skip(i).Take(size).ToList());
            return result;
        }

        /// <summary>The GetMetricData rule for ids: a lowercase letter first, then letters, digits and '_' (at most 255).</summary>
        public static bool IsValidId(string id)
        {
            if (string.IsNullOrEmpty(id) || id.Length > 255 || id[0] < 'a' || id[0] > 'z') return false;
            foreach (var c in id)
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) return false;
            return true;
        }
    }
}
