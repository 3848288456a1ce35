using System;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>Turns a tokenized line into an <see cref="AccessLogEntry"/>: the only place strings are made per line.</summary>
    internal static class AccessLogEntryBuilder
    {
        public static AccessLogEntry Build(LineView v, LineInfo info)
        {
            v.TokenizeAll();
            var e = new AccessLogEntry
            {
                Type = v.Text(Field.Type),
                Time = new DateTime(info.Ticks, DateTimeKind.Utc),
                Elb = v.Text(Field.Elb),
                RequestProcessingTime = v.Seconds(Field.RequestProcessingTime),
                TargetProcessingTime = v.Seconds(Field.TargetProcessingTime),
                ResponseProcessingTime = v.Seconds(Field.ResponseProcessingTime),
                ElbStatusCode = info.ElbStatus,
                TargetStatusCode = info.TargetStatus,
                ReceivedBytes = v.Long(Field.ReceivedBytes),
                SentBytes = v.Long(Field.SentBytes),
                UserAgent = v.Text(Field.UserAgent),
                SslCipher = v.Text(Field.SslCipher),
                SslProtocol = v.Text(Field.SslProtocol),
                TargetGroupArn = v.Text(Field.TargetGroupArn),
                TraceId = v.Text(Field.TraceId),
                DomainName = v.Text(Field.DomainName),
                ChosenCertArn = v.Text(Field.ChosenCertArn),
                MatchedRulePriority = v.Int(Field.MatchedRulePriority),
                ActionsExecuted = v.Text(Field.ActionsExecuted),
                RedirectUrl = v.Text(Field.RedirectUrl),
                ErrorReason = v.Text(Field.ErrorReason),
                TargetPortList = v.Text(Field.TargetPortList),
                TargetStatusCodeList = v.Text(Field.TargetStatusCodeList),
                Classification = v.Text(Field.Classification),
                ClassificationReason = v.Text(Field.ClassificationReason),
                ConnTraceId = v.Text(Field.ConnTraceId),
                TransformedHost = v.Text(Field.TransformedHost),
                TransformedUri = v.Text(Field.TransformedUri),
                RequestTransformStatus = v.Text(Field.RequestTransformStatus),
                File = info.Path,
                LineNumber = info.LineNumber,
            };
            SplitAddress(v, Field.Client, out var clientIp, out var clientPort);
            e.ClientIp = clientIp;
            e.ClientPort = clientPort;
            SplitAddress(v, Field.Target, out var targetIp, out var targetPort);
            e.TargetIp = targetIp;
            e.TargetPort = targetPort;
            var created = v.Ticks(Field.RequestCreationTime);
            e.RequestCreationTime = created >= 0 ? new DateTime(created, DateTimeKind.Utc) : null;
            SplitRequest(v, e);
            if (v.Count > Field.Known)
            {
                var extra = new string[v.Count - Field.Known];
                for (var i = 0; i < extra.Length; i++) extra[i] = v.Text(Field.Known + i);
                e.ExtraFields = extra;
            }
            var cause = AccessLogClassifier.Classify(v, info.ElbStatus, info.TargetStatus);
            if (cause is not null)
            {
                e.Cause = cause.Id;
                e.CauseVerdict = cause.Verdict;
                e.CauseReason = cause.Reason;
            }
            return e;
        }

        /// <summary>"ip:port" split at the last colon (IPv6 addresses hold colons); "-" stays as the address with no port.</summary>
        private static void SplitAddress(LineView v, int field, out string ip, out int? port)
        {
            port = null;
            if (!v.Has(field)) { ip = string.Empty; return; }
            var s = v.Start[field];
            var n = v.Length[field];
            var colon = n == 0 ? -1 : Array.LastIndexOf(v.Buffer, (byte)':', s + n - 1, n);
            if (colon < 0) { ip = v.Text(field); return; }
            var p = LineView.ParseLong(v.Buffer, colon + 1, s + n - colon - 1);
            if (!p.HasValue || p.Value < 0 || p.Value > 65535) { ip = v.Text(field); return; }
            ip = v.Text(s, colon - s);
            port = (int)p.Value;
        }

        /// <summary>"METHOD URL PROTOCOL": the URL may itself hold spaces, so split at the first and last space.</summary>
        private static void SplitRequest(LineView v, AccessLogEntry e)
        {
            if (!v.Has(Field.Request)) return;
            var s = v.Start[Field.Request];
            var n = v.Length[Field.Request];
            while (n > 0 && v.Buffer[s + n - 1] == (byte)' ') n--; // ALB writes "- - - " for requests it could not parse
            var first = n == 0 ? -1 : Array.IndexOf(v.Buffer, (byte)' ', s, n);
            if (first < 0) { e.RequestMethod = v.Text(s, n); return; }
            var last = Array.LastIndexOf(v.Buffer, (byte)' ', s + n - 1, n);
            e.RequestMethod = v.Text(s, first - s);
            if (last == first)
            {
                e.RequestUrl = v.Text(first + 1, s + n - first - 1);
                return;
            }
            e.RequestUrl = v.Text(first + 1, last - first - 1);
            e.RequestProtocol = v.Text(last + 1, s + n - last - 1);
        }
    }
}
