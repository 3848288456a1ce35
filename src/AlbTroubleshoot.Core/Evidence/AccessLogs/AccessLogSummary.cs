using System;

namespace AlbTroubleshoot
{
    /// <summary>
    /// One group of access-log lines as counted by Measure-AlbAccessLog: by default a status pair
    /// (elb_status_code, target_status_code) and its cause; with -By, also a target, target group,
    /// minute, client IP or URL path (<see cref="Key"/>).
    /// </summary>
    public sealed class AccessLogSummary
    {
        /// <summary>What the rows are grouped by besides the status pair and cause: Status (nothing else), Target, TargetGroup, Minute, ClientIp, Url or LoadBalancer.</summary>
        public string By { get; internal set; } = string.Empty;
        /// <summary>The value of the -By field for this row (a minute is written yyyy-MM-ddTHH:mmZ); empty when By is Status.</summary>
        public string Key { get; internal set; } = string.Empty;
        public int? ElbStatusCode { get; internal set; }
        public int? TargetStatusCode { get; internal set; }
        /// <summary>The catalog cause Id; empty for lines that are not errors.</summary>
        public string Cause { get; internal set; } = string.Empty;
        /// <summary>How far the log supports the cause: Confirmed, Likely or Possible.</summary>
        public string CauseVerdict { get; internal set; } = string.Empty;
        public long Count { get; internal set; }
        /// <summary>The classifier's answer behind Cause (with the causes that log the same way); null for non-errors.</summary>
        internal AccessLogs.CauseMatch? Match { get; set; }
        /// <summary>The row of lines summed because there were more rows than asked for (Key "(other)").</summary>
        internal bool IsOther { get; set; }
        /// <summary>Count as a fraction (0-1) of all lines that matched the filters.</summary>
        public double Share { get; internal set; }
        public DateTime FirstSeen { get; internal set; }
        public DateTime LastSeen { get; internal set; }
        /// <summary>For error rows, the targets with the most lines, as "ip:port (count)"; "-" is no target.</summary>
        public string[] TopTargets { get; internal set; } = Array.Empty<string>();
        /// <summary>For error rows, up to three X-Amzn-Trace-Id values to look up in the application's logs.</summary>
        public string[] SampleTraceIds { get; internal set; } = Array.Empty<string>();
        /// <summary>For error rows, where the first such line is: file:line.</summary>
        public string FirstLine { get; internal set; } = string.Empty;
        /// <summary>Lines that matched the filters, in all files read (the same on every row).</summary>
        public long TotalLines { get; internal set; }
        /// <summary>Lines that could not be read as ALB lines, in all files read (the same on every row).</summary>
        public long MalformedLines { get; internal set; }
        /// <summary>Files read (the same on every row).</summary>
        public int Files { get; internal set; }
        /// <summary>With -Engine Athena, the bytes the query scanned (what Athena bills; the same on every row); null for the local engine.</summary>
        public long? ScannedBytes { get; internal set; }
        /// <summary>With -Engine Athena, the query's execution ID (to find it in the Athena console); empty for the local engine.</summary>
        public string QueryExecutionId { get; internal set; } = string.Empty;

        public override string ToString() => $"{ElbStatusCode} {TargetStatusCode} {Cause} {Count}";
    }
}
