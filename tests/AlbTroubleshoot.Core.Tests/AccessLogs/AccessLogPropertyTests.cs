using System;
using System.Globalization;
using System.Linq;
using System.Text;
using AlbTroubleshoot.AccessLogs;
using CsCheck;
using Xunit;

namespace AlbTroubleshoot.Tests.AccessLogs
{
    /// <summary>
    /// Property tests of the tokenizer: lines generated field by field read back to the same values, and
    /// no mutation makes the reader throw or read a line with its fields shifted.
    /// </summary>
    public class AccessLogPropertyTests
    {
        private const string Hex = "0123456789abcdef";

        private static Gen<string> Chars(string alphabet, int min, int max) =>
            Gen.Char[alphabet].Array[min, max].Select(a => new string(a));

        private static readonly string Token = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=,";

        // Free text as ALB writes it in quotes: any printable character but the quote (written \x22),
        // spaces inside but not at the ends, some UTF-8.
        private static readonly Gen<string> Text =
            Gen.Frequency(
                (8, Gen.Char[" !#$%&'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~éß漢"]),
                (1, Gen.Const(' ')))
            .Array[1, 40].Select(a => new string(a).Trim()).Where(s => s.Length > 0);

        private static readonly Gen<string> Time =
            Gen.Select(Gen.Int[2000, 2030], Gen.Int[1, 12], Gen.Int[1, 28], Gen.Int[0, 86399], Gen.Int[0, 999999])
                .Select((y, m, d, sec, us) => new DateTime(y, m, d, 0, 0, 0, DateTimeKind.Utc).AddSeconds(sec).AddTicks(us * 10L)
                    .ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));

        private static readonly Gen<(string Field, string Ip, int Port)> Address =
            Gen.Select(Gen.Int[0, 2], Gen.Byte.Array[4], Gen.UShort.Array[3], Gen.Int[0, 65535])
                .Select((form, v4, v6, port) =>
                {
                    var ip = form == 0 ? string.Join(".", v4) : $"2001:db8:{v6[0]:x}::{v6[1]:x}:{v6[2]:x}";
                    var field = form == 2 ? $"[{ip}]:{port}" : $"{ip}:{port}";
                    return (field, ip, port);
                });

        private static readonly Gen<string> Seconds = Gen.Frequency(
            (1, Gen.Const("-1")),
            (5, Gen.Int[0, 99999].Select(ms => (ms / 1000.0).ToString("0.000", CultureInfo.InvariantCulture))));

        private static readonly Gen<string> StatusCode = Gen.Int[0, 599].Select(c => c.ToString("000", CultureInfo.InvariantCulture));

        private static Gen<string> OrDash(Gen<string> g) => Gen.Frequency((1, Gen.Const("-")), (4, g));

        /// <summary>A line as field values (unquoted) and which are quoted, with 29, 30 or 33 fields as AWS wrote over the years.</summary>
        private static readonly Gen<Line> Lines =
            Gen.Select(
                Gen.Select(Gen.OneOfConst(Field.Types), Time, Chars("abcdefghijklmnopqrstuvwxyz0123456789-", 1, 20), Chars(Hex, 16, 16), Address, Gen.Frequency((1, Gen.Const<(string Field, string Ip, int Port)>(("-", "-", -1))), (4, Address))),
                Gen.Select(Seconds, Seconds, Seconds, StatusCode, OrDash(StatusCode), Gen.Long[0, 10_000_000_000], Gen.Long[0, 10_000_000_000]),
                Gen.Select(Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1, 8), Text, Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/.", 3, 12), OrDash(Text), OrDash(Chars(Token, 1, 30)), OrDash(Chars(Token, 1, 30))),
                Gen.Select(OrDash(Chars(Token, 1, 40)), OrDash(Chars(Token, 1, 40)), OrDash(Chars(Token, 1, 40)), Gen.Frequency((1, Gen.Const("-")), (4, Gen.Int[-1, 50000].Select(i => i.ToString(CultureInfo.InvariantCulture)))), Time),
                Gen.Select(OrDash(Chars("abcdefghijklmnopqrstuvwxyz-,", 1, 30)), OrDash(Text), OrDash(Chars(Token, 1, 30)), OrDash(Chars(Token, 1, 30)), OrDash(Chars("0123456789 ", 1, 7).Select(s => s.Trim()).Where(s => s.Length > 0))),
                Gen.Select(OrDash(Chars(Token, 1, 20)), OrDash(Chars(Token, 1, 20)), Chars(Hex, 32, 32), OrDash(Chars(Token, 1, 30)), OrDash(Text), OrDash(Chars(Token, 1, 20)), Gen.Int[0, 2]))
            .Select((a, b, c, d, e, f) =>
            {
                var (type, time, name, id, client, target) = a;
                var (rpt, tpt, respt, elb, tgt, received, sent) = b;
                var (method, url, protocol, agent, cipher, sslProtocol) = c;
                var (arn, trace, domain, priority, created) = d;
                var (actions, redirect, reason, portList, statusList) = e;
                var (classification, classificationReason, tid, host, uri, transformStatus, era) = f;
                var values = new[]
                {
                    type, time, $"app/{name}/{id}", client.Field, target.Field, rpt, tpt, respt, elb, tgt,
                    received.ToString(CultureInfo.InvariantCulture), sent.ToString(CultureInfo.InvariantCulture),
                    $"{method} {url} {protocol}", agent, cipher, sslProtocol, arn, trace, domain, "arn:aws:acm:x/" + domain, priority, created,
                    actions, redirect, reason, portList, statusList, classification, classificationReason, "TID_" + tid, host, uri, transformStatus,
                };
                var count = era == 0 ? 29 : era == 1 ? 30 : 33;
                return new Line(values.Take(count).ToArray(), client.Ip, client.Port, target.Ip, target.Port, method, url, protocol);
            });

        [Fact]
        public void Generated_lines_read_back_field_by_field()
        {
            Lines.Sample(line =>
            {
                var text = line.ToString();
                Assert.True(LogLine.TryParse(text, out var e, out var reason), reason + ": " + text);
                var v = line.Values;
                Assert.Equal(v[Field.Type], e!.Type);
                Assert.Equal(DateTime.Parse(v[Field.Time], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), e.Time);
                Assert.Equal(v[Field.Elb], e.Elb);
                Assert.Equal((line.ClientIp, (int?)line.ClientPort), (e.ClientIp, e.ClientPort));
                Assert.Equal((line.TargetIp, line.TargetPort < 0 ? null : (int?)line.TargetPort), (e.TargetIp, e.TargetPort));
                Assert.Equal(double.Parse(v[Field.TargetProcessingTime], CultureInfo.InvariantCulture), e.TargetProcessingTime);
                Assert.Equal(int.Parse(v[Field.ElbStatusCode], CultureInfo.InvariantCulture), e.ElbStatusCode);
                Assert.Equal(v[Field.TargetStatusCode] == "-" ? null : int.Parse(v[Field.TargetStatusCode], CultureInfo.InvariantCulture), e.TargetStatusCode);
                Assert.Equal(long.Parse(v[Field.SentBytes], CultureInfo.InvariantCulture), e.SentBytes);
                Assert.Equal((line.Method, line.Url, line.Protocol), (e.RequestMethod, e.RequestUrl, e.RequestProtocol));
                Assert.Equal(v[Field.UserAgent], e.UserAgent);
                Assert.Equal(v[Field.TargetGroupArn], e.TargetGroupArn);
                Assert.Equal(v[Field.DomainName], e.DomainName);
                Assert.Equal(v[Field.MatchedRulePriority] == "-" ? null : int.Parse(v[Field.MatchedRulePriority], CultureInfo.InvariantCulture), e.MatchedRulePriority);
                Assert.Equal(v[Field.ErrorReason], e.ErrorReason);
                Assert.Equal(v[Field.TargetStatusCodeList], e.TargetStatusCodeList);
                Assert.Equal(v[Field.ClassificationReason], e.ClassificationReason);
                Assert.Equal(v.Length > Field.ConnTraceId ? v[Field.ConnTraceId] : string.Empty, e.ConnTraceId);
                Assert.Equal(v.Length > Field.RequestTransformStatus ? v[Field.RequestTransformStatus] : string.Empty, e.RequestTransformStatus);
                Assert.Empty(e.ExtraFields);
            }, iter: 3000);
        }

        [Fact]
        public void Fields_run_together_are_always_a_malformed_line_never_a_shifted_one()
        {
            Gen.Select(Lines, Gen.Int[1, 32]).Sample((line, second) =>
            {
                if (second >= line.Values.Length) return;
                var text = line.ToString();
                var at = SeparatorBefore(text, second);
                var joined = text.Remove(at, 1);
                Assert.False(LogLine.TryParse(joined, out var e, out _), $"read as {e}: {joined}");
            }, iter: 3000);
        }

        [Fact]
        public void A_space_put_inside_an_unquoted_field_is_always_a_malformed_line()
        {
            var unquoted = Enumerable.Range(0, Field.Known).Where(f => Field.Written[f] == Quoting.Bare).ToArray();
            Gen.Select(Lines, Gen.OneOfConst(unquoted), Gen.Int[1, 1000]).Sample((line, field, where) =>
            {
                if (field >= line.Values.Length || line.Values[field].Length < 2) return;
                var (start, length) = FieldAt(line.ToString(), field);
                var at = start + 1 + where % (length - 1);
                var split = line.ToString().Insert(at, " ");
                Assert.False(LogLine.TryParse(split, out var e, out _), $"read as {e}: {split}");
            }, iter: 3000);
        }

        [Fact]
        public void A_quote_added_or_removed_anywhere_is_always_a_malformed_line()
        {
            Gen.Select(Lines, Gen.Int[0, 10_000], Gen.Bool).Sample((line, where, add) =>
            {
                var text = line.ToString();
                string mutated;
                if (add)
                {
                    mutated = text.Insert(where % (text.Length + 1), "\"");
                }
                else
                {
                    var quotes = Enumerable.Range(0, text.Length).Where(i => text[i] == '"').ToArray();
                    mutated = text.Remove(quotes[where % quotes.Length], 1);
                }
                Assert.False(LogLine.TryParse(mutated, out var e, out _), $"read as {e}: {mutated}");
            }, iter: 3000);
        }

        [Fact]
        public void Arbitrary_byte_mutations_end_in_an_entry_or_a_malformed_line_never_an_exception()
        {
            var mutation = Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 3], Gen.Frequency(
                (3, Gen.Byte),
                (4, Gen.OneOfConst((byte)' ', (byte)'"', (byte)'-', (byte)':', (byte)'[', (byte)']', (byte)'.', (byte)'\r', (byte)'\\', (byte)'0', (byte)'9')))
                .Array[0, 4]);
            Gen.Select(Lines, mutation.Array[1, 8]).Sample((line, mutations) =>
            {
                var bytes = Encoding.UTF8.GetBytes(line.ToString()).ToList();
                foreach (var (at, deleted, inserted) in mutations)
                {
                    var i = at % (bytes.Count + 1);
                    bytes.RemoveRange(i, Math.Min(deleted, bytes.Count - i));
                    bytes.InsertRange(i, inserted.Where(b => b != (byte)'\n'));
                }
                var buffer = bytes.ToArray();
                foreach (var allFields in new[] { true, false })
                {
                    var view = new LineView();
                    var info = new LineInfo { Path = "p", LineNumber = 1 };
                    var reason = AccessLogFile.Check(view, buffer, 0, buffer.Length, info, allFields);
                    if (reason is null && !allFields) reason = AccessLogFile.CheckRest(view);
                    if (reason is null)
                    {
                        var entry = AccessLogEntryBuilder.Build(view, info);
                        Assert.NotNull(entry.Type);
                        for (var f = 0; f < view.Count; f++) Assert.InRange(view.Start[f] + view.Length[f], 0, buffer.Length);
                    }
                }
            }, iter: 5000);
        }

        private static (int Start, int Length) FieldAt(string text, int field)
        {
            var v = new LineView();
            var bytes = Encoding.UTF8.GetBytes(text);
            Assert.True(v.Tokenize(bytes, 0, bytes.Length));
            // Byte offsets equal char offsets up to a field that follows UTF-8 text only when that text is ASCII;
            // map through the encoding to be exact.
            var start = Encoding.UTF8.GetCharCount(bytes, 0, v.Start[field]);
            return (start, Encoding.UTF8.GetCharCount(bytes, v.Start[field], v.Length[field]));
        }

        private static int SeparatorBefore(string text, int field)
        {
            var v = new LineView();
            var bytes = Encoding.UTF8.GetBytes(text);
            Assert.True(v.Tokenize(bytes, 0, bytes.Length));
            var at = Encoding.UTF8.GetCharCount(bytes, 0, v.Start[field]) - (v.IsQuoted(field) ? 2 : 1);
            Assert.Equal(' ', text[at]);
            return at;
        }

        private sealed record Line(string[] Values, string ClientIp, int ClientPort, string TargetIp, int TargetPort, string Method, string Url, string Protocol)
        {
            // As AWS writes them: the target lists (which the reader also takes unquoted) in quotes.
            public override string ToString() =>
                string.Join(" ", Values.Select((v, i) => Field.Written[i] != Quoting.Bare ? "\"" + v + "\"" : v));
        }
    }
}
