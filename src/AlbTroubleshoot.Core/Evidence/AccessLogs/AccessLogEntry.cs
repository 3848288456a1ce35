using System;

namespace AlbTroubleshoot
{
    /// <summary>
    /// One line of an Application Load Balancer access log, field by field in log order
    /// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html#access-log-entry-syntax).
    /// Text fields keep the log's own "-" for "none", so a filter written against the AWS documentation
    /// works unchanged; numbers that can be "-" are nullable; the processing times keep AWS's -1.
    /// </summary>
    public sealed class AccessLogEntry
    {
        public string Type { get; internal set; } = string.Empty;
        public DateTime Time { get; internal set; }
        public string Elb { get; internal set; } = string.Empty;
        public string ClientIp { get; internal set; } = string.Empty;
        public int? ClientPort { get; internal set; }
        /// <summary>"-" when no target was chosen: incomplete request, Lambda target, or WAF block.</summary>
        public string TargetIp { get; internal set; } = string.Empty;
        public int? TargetPort { get; internal set; }
        /// <summary>Seconds; -1 when the load balancer could not dispatch the request to a target.</summary>
        public double RequestProcessingTime { get; internal set; }
        /// <summary>Seconds; -1 when the request was not dispatched or the target did not answer before the idle timeout.</summary>
        public double TargetProcessingTime { get; internal set; }
        public double ResponseProcessingTime { get; internal set; }
        public int? ElbStatusCode { get; internal set; }
        /// <summary>Null when the log says "-": no connection to the target, or the target sent no response.</summary>
        public int? TargetStatusCode { get; internal set; }
        public long? ReceivedBytes { get; internal set; }
        public long? SentBytes { get; internal set; }
        public string RequestMethod { get; internal set; } = string.Empty;
        public string RequestUrl { get; internal set; } = string.Empty;
        public string RequestProtocol { get; internal set; } = string.Empty;
        public string UserAgent { get; internal set; } = string.Empty;
        public string SslCipher { get; internal set; } = string.Empty;
        public string SslProtocol { get; internal set; } = string.Empty;
        public string TargetGroupArn { get; internal set; } = string.Empty;
        public string TraceId { get; internal set; } = string.Empty;
        public string DomainName { get; internal set; } = string.Empty;
        public string ChosenCertArn { get; internal set; } = string.Empty;
        /// <summary>1-50000 for a rule, 0 for the default rule, -1 for an error in rule evaluation, null for "-".</summary>
        public int? MatchedRulePriority { get; internal set; }
        public DateTime? RequestCreationTime { get; internal set; }
        public string ActionsExecuted { get; internal set; } = string.Empty;
        public string RedirectUrl { get; internal set; } = string.Empty;
        public string ErrorReason { get; internal set; } = string.Empty;
        public string TargetPortList { get; internal set; } = string.Empty;
        public string TargetStatusCodeList { get; internal set; } = string.Empty;
        public string Classification { get; internal set; } = string.Empty;
        public string ClassificationReason { get; internal set; } = string.Empty;
        /// <summary>Empty for lines written before AWS added the field (2024).</summary>
        public string ConnTraceId { get; internal set; } = string.Empty;
        public string TransformedHost { get; internal set; } = string.Empty;
        public string TransformedUri { get; internal set; } = string.Empty;
        public string RequestTransformStatus { get; internal set; } = string.Empty;
        /// <summary>Fields AWS appended after request_transform_status, kept in order, quotes removed.</summary>
        public string[] ExtraFields { get; internal set; } = Array.Empty<string>();
        /// <summary>The catalog cause Id (see Get-AlbErrorCause), or empty when the entry is not an error.</summary>
        public string Cause { get; internal set; } = string.Empty;
        /// <summary>How far the log alone supports Cause: Confirmed, Likely or Possible (empty for non-errors).</summary>
        public string CauseVerdict { get; internal set; } = string.Empty;
        /// <summary>Which fields of the line led to Cause, and what they cannot tell apart.</summary>
        public string CauseReason { get; internal set; } = string.Empty;
        public string File { get; internal set; } = string.Empty;
        public long LineNumber { get; internal set; }

        public override string ToString() => $"{Time:o} {ElbStatusCode} {RequestMethod} {RequestUrl}";
    }
}
