using System.Collections.Generic;
using System.Text;
using AlbTroubleshoot.AccessLogs;

namespace AlbTroubleshoot.Tests.AccessLogs
{
    /// <summary>Builds one access-log line field by field (a healthy 200 by default) and parses lines the way the reader does.</summary>
    internal sealed class LogLine
    {
        // Quoted in the log: request, user_agent, trace_id, domain_name, chosen_cert_arn, actions .. classification_reason, transforms.
        private static readonly HashSet<int> Quoted = new() { 12, 13, 17, 18, 19, 22, 23, 24, 25, 26, 27, 28, 30, 31, 32 };

        private readonly List<string> fields = new()
        {
            "https", "2026-11-24T10:00:00.123456Z", "app/my-alb/50dc6c495c0c9188", "192.168.131.39:2817", "10.0.0.1:80",
            "0.000", "0.001", "0.000", "200", "200", "34", "366", "GET https://www.example.com:443/ HTTP/1.1", "curl/8.5.0",
            "ECDHE-RSA-AES128-GCM-SHA256", "TLSv1.2", "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067",
            "Root=1-58337262-36d228ad5d99923122bbe354", "www.example.com", "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012",
            "1", "2026-11-24T10:00:00.100000Z", "forward", "-", "-", "10.0.0.1:80", "200", "-", "-",
            "TID_1234567890abcdef1234567890abcdef", "-", "-", "-",
        };

        public LogLine With(int field, string value)
        {
            fields[field] = value;
            return this;
        }

        /// <summary>An ELB-generated error: the code, no target status, the given processing times.</summary>
        public LogLine Elb(string code, string times = "-1 -1 -1", bool noTarget = false)
        {
            var t = times.Split(' ');
            With(Field.RequestProcessingTime, t[0]).With(Field.TargetProcessingTime, t[1]).With(Field.ResponseProcessingTime, t[2]);
            With(Field.ElbStatusCode, code).With(Field.TargetStatusCode, "-").With(Field.TargetStatusCodeList, "-");
            if (noTarget) With(Field.Target, "-").With(Field.TargetPortList, "-");
            return this;
        }

        public LogLine Truncate(int count)
        {
            fields.RemoveRange(count, fields.Count - count);
            return this;
        }

        public LogLine Append(string rawField)
        {
            fields.Add(rawField);
            return this;
        }

        public override string ToString()
        {
            var sb = new StringBuilder();
            for (var i = 0; i < fields.Count; i++)
            {
                if (i > 0) sb.Append(' ');
                if (Quoted.Contains(i) && !fields[i].StartsWith('"')) sb.Append('"').Append(fields[i]).Append('"');
                else sb.Append(fields[i]);
            }
            return sb.ToString();
        }

        /// <summary>Parses one line as the reader does: the entry, or the reason it is malformed.</summary>
        public static AccessLogEntry Parse(string line) => TryParse(line, out var entry, out var reason) ? entry! : throw new Xunit.Sdk.XunitException("Malformed: " + reason);

        public static bool TryParse(string line, out AccessLogEntry? entry, out string? reason)
        {
            var bytes = Encoding.UTF8.GetBytes(line);
            var view = new LineView();
            var info = new LineInfo { Path = "test.log", LineNumber = 1 };
            reason = AccessLogFile.Check(view, bytes, 0, bytes.Length, info);
            entry = reason is null ? AccessLogEntryBuilder.Build(view, info) : null;
            return reason is null;
        }

        public static AccessLogEntry Parse(LogLine line) => Parse(line.ToString());
    }
}
