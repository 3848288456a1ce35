using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using AlbTroubleshoot.Collection;

namespace AlbTroubleshoot
{
    /// <summary>
    /// What Measure-AlbAccessLog -Engine Athena runs, or Get-AlbAthenaQuery shows: the table over a
    /// load balancer's log folder (created when missing) and the summary query over one time window.
    /// </summary>
    public sealed class AthenaQuery
    {
        /// <summary>CREATE EXTERNAL TABLE IF NOT EXISTS … for the log folder (RegexSerDe, partition projection on the day folder).</summary>
        public string Ddl { get; internal set; } = string.Empty;
        /// <summary>The summary query: one row per group of lines that share the -By key and every field the cause classifier reads.</summary>
        public string Query { get; internal set; } = string.Empty;
        public string Database { get; internal set; } = string.Empty;
        /// <summary>The table's name: alb_access_logs_ and a hash of its definition, so a changed definition gets a new table.</summary>
        public string Table { get; internal set; } = string.Empty;
        public string WorkGroup { get; internal set; } = string.Empty;
        /// <summary>The log folder: s3://bucket/[prefix/]AWSLogs/account/elasticloadbalancing/region/.</summary>
        public string Location { get; internal set; } = string.Empty;
        /// <summary>Where Athena writes the results; empty when the workgroup's setting applies.</summary>
        public string OutputLocation { get; internal set; } = string.Empty;
        /// <summary>The load balancer whose lines the query keeps (the elb field, app/name/id).</summary>
        public string LoadBalancer { get; internal set; } = string.Empty;
        /// <summary>The -By grouping the query answers.</summary>
        public string By { get; internal set; } = string.Empty;
        public DateTime From { get; internal set; }
        public DateTime To { get; internal set; }

        public override string ToString() => Database + "." + Table + " (" + Location + ")";
    }
}

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>
    /// Writes the Athena SQL for ALB access logs. The table is the one AWS documents for ALB logs
    /// (https://docs.aws.amazon.com/athena/latest/ug/create-alb-access-logs-table.html and, with
    /// partition projection, https://docs.aws.amazon.com/athena/latest/ug/create-alb-access-logs-table-partition-projection.html):
    /// AWS's column names and types (error_reason is AWS's column lambda_error_reason), RegexSerDe, a
    /// <c>day</c> partition projected from the yyyy/MM/dd folders. Its regex is the module's own, written
    /// from the field list (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html#access-log-entry-format):
    /// the fields from redirect_url on are optional, in the order AWS added them, so older lines still
    /// match, and anything after conn_trace_id (fields AWS appends later) is ignored.
    /// <para>
    /// The query classifies nothing: it counts lines by the -By key and by every field the cause
    /// classifier reads (for error lines only), and <see cref="AthenaResults"/> gives each group to the
    /// same <see cref="AccessLogClassifier"/> and <see cref="AccessLogAggregator"/> the local engine uses,
    /// so the causes have one definition.
    /// </para>
    /// <para>
    /// Every value written into SQL is checked first (<see cref="AwsValueRules"/>: bucket, prefix,
    /// database, load balancer, target group) or is written by the module (times, numbers); no SQL
    /// the module writes holds a backslash, a % or a control character other than a line feed.
    /// </para>
    /// </summary>
    internal static class AthenaSql
    {
        /// <summary>A table column: AWS's name and type, and the regex that captures it (with what precedes it on the line).</summary>
        private readonly struct Column
        {
            public Column(string name, string type, string regex)
            {
                Name = name;
                Type = type;
                Regex = regex;
            }

            public string Name { get; }
            public string Type { get; }
            public string Regex { get; }
        }

        private const string Bare = " ([^ ]*)";
        private const string Quoted = " \"([^\"]*)\"";
        private const string Seconds = " ([-.0-9]*)";

        /// <summary>The fields every line has had since 2018 (through actions_executed).</summary>
        private static readonly Column[] Required =
        {
            new Column("type", "string", "([^ ]*)"),
            new Column("time", "string", Bare),
            new Column("elb", "string", Bare),
            new Column("client_ip", "string", Bare),
            new Column("client_port", "int", ":([0-9]*)"),
            // "ip:port", or "-" when no target was chosen (ip empty, port null).
            new Column("target_ip", "string", Bare),
            new Column("target_port", "int", "[:-]([0-9]*)"),
            new Column("request_processing_time", "double", Seconds),
            new Column("target_processing_time", "double", Seconds),
            new Column("response_processing_time", "double", Seconds),
            new Column("elb_status_code", "int", " (-|[0-9]*)"),
            new Column("target_status_code", "string", " (-|[0-9]*)"),
            new Column("received_bytes", "bigint", " ([-0-9]*)"),
            new Column("sent_bytes", "bigint", " ([-0-9]*)"),
            // "METHOD URL PROTOCOL": split at the first and the last space, spaces before the closing quote left out
            // (ALB writes "- - - " for a request it could not read); a URL may hold spaces, never a quote (ALB writes \x22).
            new Column("request_verb", "string", " \"([^ \"]*)"),
            new Column("request_url", "string", " ([^\"]*?)"),
            new Column("request_proto", "string", " ([^ \"]*) *\""),
            new Column("user_agent", "string", Quoted),
            new Column("ssl_cipher", "string", Bare),
            new Column("ssl_protocol", "string", Bare),
            new Column("target_group_arn", "string", Bare),
            new Column("trace_id", "string", Quoted),
            new Column("domain_name", "string", Quoted),
            new Column("chosen_cert_arn", "string", Quoted),
            new Column("matched_rule_priority", "string", Bare),
            new Column("request_creation_time", "string", Bare),
            new Column("actions_executed", "string", Quoted),
        };

        /// <summary>Fields AWS added later, in groups as they came; each group is optional after the one before.</summary>
        private static readonly Column[][] Later =
        {
            new[] { new Column("redirect_url", "string", Quoted), new Column("lambda_error_reason", "string", Quoted) },
            new[] { new Column("target_port_list", "string", " \"?([^ \"]*)\"?"), new Column("target_status_code_list", "string", " \"?([^ \"]*)\"?") },
            new[] { new Column("classification", "string", Quoted), new Column("classification_reason", "string", Quoted) },
            new[] { new Column("conn_trace_id", "string", Bare) },
        };

        /// <summary>Every column, in line order.</summary>
        internal static IEnumerable<(string Name, string Type)> Columns => Required.Concat(Later.SelectMany(g => g)).Select(c => (c.Name, c.Type));

        /// <summary>
        /// The RegexSerDe input.regex: a line must match it whole. Written for both Java's regex (Athena)
        /// and RE2: groups, classes and optional non-capturing groups only.
        /// </summary>
        internal static string InputRegex
        {
            get
            {
                var text = new StringBuilder();
                foreach (var c in Required) text.Append(c.Regex);
                var tail = string.Empty;
                for (var g = Later.Length - 1; g >= 0; g--)
                    tail = "(?:" + string.Concat(Later[g].Select(c => c.Regex)) + tail + ")?";
                // Fields AWS appends later: ignored, so the table keeps working when the format grows.
                return text.Append(tail).Append("(?: .*)?").ToString();
            }
        }

        /// <summary>Folders of days from here on can hold ALB logs (ALB launched in 2016); the query prunes to its window anyway.</summary>
        private const string ProjectionStart = "2016/01/01";

        /// <summary>The folder under the bucket and prefix where AWS writes this account's and Region's ALB logs.</summary>
        public static string LogFolder(string bucket, string prefix, string account, string region) =>
            "s3://" + bucket + "/" + (prefix.Length > 0 ? prefix + "/" : string.Empty) + "AWSLogs/" + account + "/elasticloadbalancing/" + region + "/";

        /// <summary>
        /// The DDL and query for one load balancer's lines in [from, to] (UTC; a Local time is
        /// converted), grouped by <paramref name="by"/>. Throws <see cref="AwsArgumentException"/> for
        /// a value that breaks its rule, naming the parameter.
        /// </summary>
        public static AthenaQuery Build(AthenaRequest request)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            AwsValueRules.Check(AwsValueKind.LoadBalancerArn, request.LoadBalancerArn, "-LoadBalancerArn");
            var arn = ArnParts(request.LoadBalancerArn);
            if (arn.Type != "app")
                throw new AwsArgumentException(ErrorIds.NotAnApplicationLoadBalancer, "-LoadBalancerArn", "-LoadBalancerArn " + AwsValueRules.Show(request.LoadBalancerArn) + " is not an Application Load Balancer: only ALBs write the access logs this table reads.");
            AwsValueRules.Check(AwsValueKind.S3Bucket, request.Bucket, request.LocationParameter);
            var prefix = (request.Prefix ?? string.Empty).Trim('/');
            var location = LogFolder(request.Bucket, prefix, arn.Account, arn.Region);
            AwsValueRules.Check(AwsValueKind.S3Location, location, request.LocationParameter);
            AwsValueRules.Check(AwsValueKind.AthenaName, request.Database, "-AthenaDatabase");
            AwsValueRules.Check(AwsValueKind.AthenaWorkGroup, request.WorkGroup, "-AthenaWorkGroup");
            if (!string.IsNullOrEmpty(request.OutputLocation)) AwsValueRules.Check(AwsValueKind.S3Location, request.OutputLocation, "-AthenaOutputLocation");
            foreach (var tg in request.TargetGroupArns) AwsValueRules.Check(AwsValueKind.TargetGroupArn, tg, "-TargetGroupArn");
            var by = Array.Find(AccessLogGrouping.All, g => string.Equals(g, request.By, StringComparison.OrdinalIgnoreCase))
                ?? throw new AwsArgumentException(ErrorIds.InvalidAccessLogGrouping, "-By", "-By " + AwsValueRules.Show(request.By) + " is not one of " + string.Join(", ", AccessLogGrouping.All) + ".");
            var from = ToUtc(request.From);
            var to = ToUtc(request.To);
            if (to < from)
                throw new AwsArgumentException(ErrorIds.InvalidAccessLogWindow, "-To", "-To " + Time(to) + " is before -From " + Time(from) + ".");

            var definition = TableDefinition(location);
            var table = "alb_access_logs_" + Hash(definition).Substring(0, 16);
            var query = new AthenaQuery
            {
                Database = request.Database,
                Table = table,
                WorkGroup = request.WorkGroup,
                Location = location,
                OutputLocation = request.OutputLocation ?? string.Empty,
                LoadBalancer = "app/" + arn.Name + "/" + arn.Id,
                By = by,
                From = from,
                To = to,
            };
            query.Ddl = "CREATE EXTERNAL TABLE IF NOT EXISTS " + request.Database + "." + table + " (\n" + definition;
            query.Query = SummaryQuery(query, request.StatusCodes, request.TargetGroupArns);
            AwsValueRules.Check(AwsValueKind.AthenaSql, query.Ddl, "the table's DDL");
            AwsValueRules.Check(AwsValueKind.AthenaSql, query.Query, "the summary query");
            return query;
        }

        /// <summary>Everything of the DDL after the table's name: the name is a hash of this text.</summary>
        private static string TableDefinition(string location)
        {
            var text = new StringBuilder();
            text.Append(string.Join(",\n", Columns.Select(c => "  " + c.Name + " " + c.Type))).Append("\n)\n");
            text.Append("PARTITIONED BY (day string)\n");
            text.Append("ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'\n");
            text.Append("WITH SERDEPROPERTIES (\n  'serialization.format' = '1',\n  'input.regex' = '").Append(InputRegex).Append("'\n)\n");
            text.Append("LOCATION '").Append(location).Append("'\n");
            // Partition projection: Athena computes the day folders from the query's day predicate, with no partitions to load
            // (https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html).
            text.Append("TBLPROPERTIES (\n");
            text.Append("  'projection.enabled' = 'true',\n");
            text.Append("  'projection.day.type' = 'date',\n");
            text.Append("  'projection.day.range' = '").Append(ProjectionStart).Append(",NOW',\n");
            text.Append("  'projection.day.format' = 'yyyy/MM/dd',\n");
            text.Append("  'projection.day.interval' = '1',\n");
            text.Append("  'projection.day.interval.unit' = 'DAYS',\n");
            text.Append("  'storage.location.template' = '").Append(location).Append("${day}'\n)");
            return text.ToString();
        }

        /// <summary>The columns of the summary query's result, in order (<see cref="AthenaResults"/> reads them by name).</summary>
        internal static readonly string[] ResultColumns =
        {
            "group_key", "elb_status_code", "target_status_code", "type", "error_reason", "actions_executed", "classification",
            "no_target", "request_processing", "target_processing", "response_processing", "request_verb", "request_proto",
            "lines", "first_time", "last_time",
        };

        private static string SummaryQuery(AthenaQuery q, IReadOnlyList<StatusCodeFilter> statusCodes, IReadOnlyList<string> targetGroupArns)
        {
            // The fields the classifier reads matter for error lines only (AccessLogClassifier.MayHaveCause):
            // for the others they are null, so a success is one group per key and status pair.
            const string IsError = "(elb_status_code = 0 OR elb_status_code BETWEEN 400 AND 599)";
            string ForErrors(string expression) => "CASE WHEN " + IsError + " THEN " + expression + " END";
            // -1 for a negative time, 0 for any other number, '-' when unreadable: all the classifier asks of a processing time.
            string Sign(string column) => ForErrors("CASE WHEN " + column + " < 0 THEN '-1' WHEN " + column + " >= 0 THEN '0' ELSE '-' END");

            var select = new[]
            {
                KeyExpression(q.By) + " AS group_key",
                "elb_status_code",
                "target_status_code",
                ForErrors("type") + " AS type",
                ForErrors("lambda_error_reason") + " AS error_reason",
                ForErrors("actions_executed") + " AS actions_executed",
                ForErrors("classification") + " AS classification",
                ForErrors("CASE WHEN target_ip IS NULL OR target_ip = '' THEN 'true' ELSE 'false' END") + " AS no_target",
                Sign("request_processing_time") + " AS request_processing",
                Sign("target_processing_time") + " AS target_processing",
                Sign("response_processing_time") + " AS response_processing",
                ForErrors("request_verb") + " AS request_verb",
                ForErrors("request_proto") + " AS request_proto",
                "count(*) AS lines",
                "min(time) AS first_time",
                "max(time) AS last_time",
            };
            var where = new List<string>
            {
                // Partition pruning: the day folders of the window, and the day after its end, for files of its last
                // minutes that close (and are filed) after midnight.
                "day BETWEEN '" + Day(q.From) + "' AND '" + Day(q.To.AddDays(1)) + "'",
                // The exact window: ALB times are ISO 8601 with microseconds (yyyy-MM-ddTHH:mm:ss.ffffffZ), which sort as text.
                "time >= '" + Micro(q.From, roundUp: true) + "'",
                "time <= '" + Micro(q.To, roundUp: false) + "'",
                "elb = '" + q.LoadBalancer + "'",
            };
            if (statusCodes.Count > 0)
                where.Add("(" + string.Join(" OR ", statusCodes.Select(f => f.Code.HasValue
                    ? "elb_status_code = " + f.Code.Value.ToString(CultureInfo.InvariantCulture)
                    : "elb_status_code BETWEEN " + (f.Class!.Value * 100).ToString(CultureInfo.InvariantCulture) + " AND " + (f.Class.Value * 100 + 99).ToString(CultureInfo.InvariantCulture))) + ")");
            if (targetGroupArns.Count > 0)
                where.Add("target_group_arn IN (" + string.Join(", ", targetGroupArns.Select(a => "'" + a + "'")) + ")");
            var groupBy = Enumerable.Range(1, ResultColumns.Length - 3).Select(i => i.ToString(CultureInfo.InvariantCulture));
            return "SELECT\n  " + string.Join(",\n  ", select) +
                "\nFROM " + q.Database + "." + q.Table +
                "\nWHERE " + string.Join("\n  AND ", where) +
                "\nGROUP BY " + string.Join(", ", groupBy);
        }

        /// <summary>
        /// The -By key as the field the local reader takes it from (AccessLogAggregator.KeyOf reads the
        /// key again from the line AthenaResults rebuilds, so both engines cut it the same way).
        /// </summary>
        private static string KeyExpression(string by)
        {
            switch (by)
            {
                case AccessLogGrouping.Target:
                    return "CASE WHEN target_ip IS NULL OR target_ip = '' THEN '-' ELSE target_ip || ':' || CAST(target_port AS varchar) END";
                case AccessLogGrouping.TargetGroup: return "target_group_arn";
                case AccessLogGrouping.Minute: return "substr(time, 1, 16)";
                case AccessLogGrouping.ClientIp: return "client_ip";
                // The path without the query string, as the local engine keys it.
                case AccessLogGrouping.Url: return "CASE WHEN strpos(request_url, '?') > 0 THEN substr(request_url, 1, strpos(request_url, '?') - 1) ELSE request_url END";
                case AccessLogGrouping.LoadBalancer: return "elb";
                default: return "''";
            }
        }

        private static (string Region, string Account, string Type, string Name, string Id) ArnParts(string arn)
        {
            // Checked against AwsValueRules.LoadBalancerArn: arn:partition:elasticloadbalancing:region:account:loadbalancer/type/name/id
            var parts = arn.Split(':');
            var resource = parts[5].Split('/');
            return (parts[3], parts[4], resource[1], resource[2], resource[3]);
        }

        private static DateTime ToUtc(DateTime t) => t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : DateTime.SpecifyKind(t, DateTimeKind.Utc);

        private static string Day(DateTime t) => t.ToString("yyyy'/'MM'/'dd", CultureInfo.InvariantCulture);

        private static string Time(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

        /// <summary>The time at a whole microsecond (ALB's precision): rounded up for a start, down for an end, so the text compare keeps exactly the lines the local engine keeps.</summary>
        private static string Micro(DateTime t, bool roundUp)
        {
            var ticks = t.Ticks - t.Ticks % 10;
            if (roundUp && ticks < t.Ticks) ticks += 10;
            return new DateTime(ticks, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        }

        private static string Hash(string text)
        {
            using var sha = SHA256.Create();
            var bytes = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
            return string.Concat(bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>What to query: the load balancer, where its logs are, the window and the grouping, as the user gave them.</summary>
    internal sealed class AthenaRequest
    {
        public string LoadBalancerArn { get; set; } = string.Empty;
        public string Bucket { get; set; } = string.Empty;
        public string Prefix { get; set; } = string.Empty;
        /// <summary>The parameter or attribute the bucket and prefix came from, for messages (-AccessLogUri, access_logs.s3.bucket).</summary>
        public string LocationParameter { get; set; } = "-AccessLogUri";
        public string Database { get; set; } = "default";
        public string WorkGroup { get; set; } = "primary";
        public string? OutputLocation { get; set; }
        public string By { get; set; } = AccessLogGrouping.Status;
        public DateTime From { get; set; }
        public DateTime To { get; set; }
        public IReadOnlyList<StatusCodeFilter> StatusCodes { get; set; } = Array.Empty<StatusCodeFilter>();
        public IReadOnlyList<string> TargetGroupArns { get; set; } = Array.Empty<string>();
    }
}
