using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using AlbTroubleshoot.AccessLogs;
using Xunit;

namespace AlbTroubleshoot.Tests.AccessLogs
{
    /// <summary>Log fields exactly as users compare them (issue 13): each line here was read wrongly before.</summary>
    public sealed class AccessLogFieldTests : LogFolder
    {
        [Theory]
        [InlineData("[2001:db8::1]:52123", "2001:db8::1", 52123)]
        [InlineData("2001:db8::1:52123", "2001:db8::1", 52123)]       // how AWS writes it: no brackets
        [InlineData("[::ffff:10.0.0.1]:443", "::ffff:10.0.0.1", 443)]
        [InlineData("192.168.131.39:2817", "192.168.131.39", 2817)]
        public void A_client_address_parses_as_an_IP_address_without_brackets(string field, string ip, int port)
        {
            var e = LogLine.Parse(new LogLine().With(Field.Client, field).With(Field.Target, "[2001:db8::5]:8080"));
            Assert.Equal(ip, e.ClientIp);
            Assert.Equal(port, e.ClientPort);
            Assert.True(IPAddress.TryParse(e.ClientIp, out _), e.ClientIp);
            Assert.Equal("2001:db8::5", e.TargetIp);
            Assert.Equal(8080, e.TargetPort);
            Assert.True(IPAddress.TryParse(e.TargetIp, out _));
        }

        [Fact]
        public void Measure_by_client_groups_bracketed_and_plain_IPv6_as_one_address()
        {
            var text = new LogLine().With(Field.Client, "[2001:db8::1]:1000") + "\n" + new LogLine().With(Field.Client, "2001:db8::1:2000") + "\n";
            var rows = Scan(Write("v6.log", text), AccessLogGrouping.ClientIp);
            var row = Assert.Single(rows);
            Assert.Equal("2001:db8::1", row.Key);
            Assert.Equal(2, row.Count);
        }

        [Theory]
        [InlineData("- - -")]
        [InlineData("- - - ")]   // what ALB writes for a request it could not read
        public void A_request_the_load_balancer_could_not_read_is_three_dashes_everywhere(string request)
        {
            var line = new LogLine().Elb("400", noTarget: true).With(Field.Request, request);
            var e = LogLine.Parse(line);
            Assert.Equal(("-", "-", "-"), (e.RequestMethod, e.RequestUrl, e.RequestProtocol));
            // Measure-AlbAccessLog -By Url gives the same URL as Get-AlbAccessLog (it gave "- -").
            var row = Assert.Single(Scan(Write("dash.log", line + "\n"), AccessLogGrouping.Url));
            Assert.Equal("-", row.Key);
        }

        [Fact]
        public void Quoted_values_do_not_keep_spaces_at_their_ends()
        {
            var e = LogLine.Parse(new LogLine()
                .With(Field.DomainName, " www.example.com")
                .With(Field.UserAgent, "curl/8.5.0  ")
                .With(Field.ActionsExecuted, " forward "));
            Assert.Equal("www.example.com", e.DomainName);
            Assert.Equal("curl/8.5.0", e.UserAgent);
            Assert.Equal("forward", e.ActionsExecuted);
        }

        [Fact]
        public void Fields_separated_by_several_spaces_are_the_same_fields()
        {
            var single = LogLine.Parse(new LogLine());
            var doubled = LogLine.Parse(new LogLine().ToString().Replace("\" \"", "\"  \"", StringComparison.Ordinal).Replace(" 200 ", "  200  ", StringComparison.Ordinal));
            Assert.Equal(single.DomainName, doubled.DomainName);
            Assert.Equal(single.ChosenCertArn, doubled.ChosenCertArn);
            Assert.Equal(single.ConnTraceId, doubled.ConnTraceId);
            Assert.Equal(single.TargetStatusCodeList, doubled.TargetStatusCodeList);
            Assert.Empty(doubled.ExtraFields);
        }

        [Fact]
        public void A_quoted_field_that_runs_into_the_next_makes_the_line_malformed_instead_of_shifting_it()
        {
            // chosen_cert_arn "-" followed by matched_rule_priority 1 with no space between them.
            var line = new LogLine().ToString().Replace("\"arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012\" 1 ", "\"-\"1 ", StringComparison.Ordinal);
            Assert.Contains("\"-\"1 ", line, StringComparison.Ordinal);
            Assert.False(LogLine.TryParse(line, out _, out var reason));
            Assert.Contains("field 20 runs into the next", reason, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(Field.SentBytes)]          // "34 366" -> "34366": every later field one to the left
        [InlineData(Field.SslProtocol)]
        [InlineData(Field.MatchedRulePriority)]
        [InlineData(Field.ConnTraceId)]
        public void Two_fields_run_together_make_the_line_malformed(int second)
        {
            var fields = new LogLine().ToString();
            var text = JoinBefore(fields, second);
            Assert.False(LogLine.TryParse(text, out var entry, out var reason), $"read as {entry}");
            Assert.NotNull(reason);
        }

        [Theory]
        [InlineData(Field.UserAgent, "field 14 (user_agent) is not in quotes")]
        [InlineData(Field.SslCipher, "field 15 (ssl_cipher) is in quotes")]
        [InlineData(Field.ConnTraceId, "field 30 (conn_trace_id) is in quotes")]
        public void A_field_quoted_where_AWS_does_not_quote_it_or_the_reverse_is_a_shifted_line(int field, string reason)
        {
            var line = new LogLine();
            var value = field == Field.UserAgent ? "curl/8.5.0" : "\"x\"";
            var text = field == Field.UserAgent
                ? line.ToString().Replace("\"curl/8.5.0\"", "curl/8.5.0", StringComparison.Ordinal)
                : line.With(field, value).ToString();
            Assert.False(LogLine.TryParse(text, out _, out var why));
            Assert.Contains(reason, why, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(Field.ElbStatusCode, "5020")]
        [InlineData(Field.ElbStatusCode, "50")]
        [InlineData(Field.TargetStatusCode, "2000")]
        [InlineData(Field.ReceivedBytes, "-34")]
        [InlineData(Field.MatchedRulePriority, "high")]
        [InlineData(Field.RequestCreationTime, "yesterday")]
        public void A_value_that_cannot_be_in_its_field_makes_the_line_malformed(int field, string value)
        {
            Assert.False(LogLine.TryParse(new LogLine().With(field, value).ToString(), out _, out var reason));
            Assert.Contains(Field.Names[field], reason, StringComparison.Ordinal);
        }

        [Fact]
        public void A_type_AWS_does_not_document_is_read_and_flagged_and_a_non_token_is_malformed()
        {
            var path = Write("types.log", new LogLine().With(Field.Type, "h3") + "\n" + new LogLine() + "\n" + new LogLine().With(Field.Type, "h3") + "\n" + new LogLine().With(Field.Type, "HTTP!") + "\n");
            var entries = new List<AccessLogEntry>();
            var malformed = new List<MalformedLine>();
            var types = new List<UnknownType>();
            AccessLogReader.Read(path, new AccessLogQuery(), entries.Add, malformed.Add, null, CancellationToken.None, onUnknownType: types.Add);
            Assert.Equal(new[] { "h3", "https", "h3" }, entries.Select(e => e.Type));
            Assert.Equal(new long[] { 1, 3 }, types.Select(t => t.LineNumber));
            Assert.All(types, t => Assert.Equal("h3", t.Type));
            Assert.Contains("grpcs", types[0].ToString(), StringComparison.Ordinal);
            Assert.Equal(4, Assert.Single(malformed).LineNumber);

            using var scan = new AccessLogScan(new[] { path }, new AccessLogQuery(), AccessLogGrouping.Status);
            scan.Start();
            Assert.True(scan.Wait(60_000));
            Assert.Equal(3, scan.Summarize().Sum(r => r.Count));
            Assert.Equal("h3", Assert.Single(scan.UnknownTypes).Type);
        }

        [Fact]
        public void Only_the_documented_types_themselves_pass_as_documented()
        {
            // The check compares packed bytes with the length: a prefix or an extension is flagged.
            var written = new[] { "http", "https", "h2", "grpcs", "ws", "wss", "h", "htt", "httpss", "h2c", "w", "grpc", "wss2", "https2" };
            var path = Write("packed-types.log", string.Join("\n", written.Select(t => new LogLine().With(Field.Type, t).ToString())) + "\n");
            var entries = new List<AccessLogEntry>();
            var types = new List<UnknownType>();
            AccessLogReader.Read(path, new AccessLogQuery(), entries.Add, _ => { }, null, CancellationToken.None, onUnknownType: types.Add);
            Assert.Equal(written, entries.Select(e => e.Type));
            Assert.Equal(written.Skip(6), types.Select(t => t.Type));
        }

        [Fact]
        public void Every_known_field_has_a_name_and_a_quoting_rule()
        {
            Assert.Equal(Field.Known, Field.Names.Length);
            Assert.Equal(Field.Known, Field.Written.Length);
            var quoted = new[] { 12, 13, 17, 18, 19, 22, 23, 24, 27, 28, 30, 31, 32 };
            for (var f = 0; f < Field.Known; f++)
                Assert.Equal(quoted.Contains(f) ? Quoting.Quoted : f is 25 or 26 ? Quoting.Either : Quoting.Bare, Field.Written[f]);
        }

        /// <summary>The line with the space before field <paramref name="second"/> removed.</summary>
        private static string JoinBefore(string line, int second)
        {
            var v = new LineView();
            var bytes = Encoding.UTF8.GetBytes(line);
            Assert.True(v.Tokenize(bytes, 0, bytes.Length));
            var at = v.Start[second] - (v.IsQuoted(second) ? 2 : 1);
            Assert.Equal((byte)' ', bytes[at]);
            return line.Remove(at, 1);
        }

        private static IReadOnlyList<AccessLogSummary> Scan(string file, string by)
        {
            using var scan = new AccessLogScan(new[] { file }, new AccessLogQuery(), by);
            scan.Start();
            Assert.True(scan.Wait(60_000));
            Assert.Empty(scan.FileErrors);
            return scan.Summarize();
        }
    }
}
