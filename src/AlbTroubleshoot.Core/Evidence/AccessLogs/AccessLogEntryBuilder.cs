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
            v.Address(Field.Client, out var ip, out var ipLength, out var port);
            e.ClientIp = v.Text(ip, ipLength);
            e.ClientPort = port < 0 ? null : port;
            v.Address(Field.Target, out ip, out ipLength, out port);
            e.TargetIp = v.Text(ip, ipLength);
            e.TargetPort = port < 0 ? null : port;
            var created = v.Ticks(Field.RequestCreationTime);
            e.RequestCreationTime = created >= 0 ? new DateTime(created, DateTimeKind.Utc) : null;
            v.Request(out var method, out var methodLength, out var url, out var urlLength, out var protocol, out var protocolLength);
            e.RequestMethod = v.Text(method, methodLength);
            e.RequestUrl = v.Text(url, urlLength);
            e.RequestProtocol = v.Text(protocol, protocolLength);
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
                e.CauseVerdict = cause.VerdictText;
                e.CauseReason = cause.Reason;
            }
            return e;
        }
    }
}
