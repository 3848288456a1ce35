using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace AlbTroubleshoot.Scenarios
{
    /// <summary>
    /// Writes realistic, deterministic ALB access-log lines (same seed, same bytes) for the bundled
    /// sample, the benchmark and tests: mostly 200s, plus every error signature the classifier knows
    /// (ELB-generated and target-generated), in the current 33-field layout. Scenario tooling, not shipped: from
    /// PowerShell, load it with Import-Scenarios.ps1 and call [AlbTroubleshoot.Scenarios.AccessLogGenerator]::WriteGzipFiles(...).
    /// </summary>
    public static class AccessLogGenerator
    {
        private const string Account = "123456789012";
        private const string Region = "us-east-1";
        private const string Elb = "app/my-alb/50dc6c495c0c9188";
        private const string TargetGroupWeb = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067";
        private const string TargetGroupApi = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/5c1b2d3e4f506172";
        private const string TargetGroupLambda = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/fn/0a1b2c3d4e5f6071";
        private const string Cert = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012";

        private static readonly string[] Agents =
        {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "curl/8.5.0", "okhttp/4.12.0", "python-requests/2.32.3", "Go-http-client/2.0", "aws-sdk-java/2.25.0",
        };

        private static readonly string[] Paths = { "/", "/index.html", "/api/orders", "/api/orders/{id}", "/api/users/{id}/profile", "/static/app.{hex}.js", "/search", "/health/ready", "/cart/checkout" };

        /// <summary>The name ALB gives a log file: ..._app.{name}.{id}_{end time}_{node ip}_{random}.log.gz.</summary>
        public static string FileName(DateTime end, int node) =>
            string.Format(CultureInfo.InvariantCulture, "{0}_elasticloadbalancing_{1}_app.my-alb.50dc6c495c0c9188_{2:yyyyMMdd'T'HHmm'Z'}_10.0.{3}.{4}_{5:x8}.log.gz",
                Account, Region, end, node % 3, 10 + node, (uint)(node * 2654435761u));

        /// <summary>Writes <paramref name="lines"/> lines, gzipped, spread over <paramref name="files"/> files in <paramref name="folder"/>; returns the paths.
        /// Lines are about a millisecond apart.</summary>
        public static string[] WriteGzipFiles(string folder, long lines, int files, int seed) => WriteGzipFiles(folder, lines, files, seed, 1);

        /// <summary>As above, with lines about <paramref name="millisecondsApart"/> ms apart (the sample spreads over minutes).</summary>
        public static string[] WriteGzipFiles(string folder, long lines, int files, int seed, int millisecondsApart)
        {
            if (files < 1) throw new ArgumentOutOfRangeException(nameof(files));
            if (millisecondsApart < 1) throw new ArgumentOutOfRangeException(nameof(millisecondsApart));
            Directory.CreateDirectory(folder);
            var gen = new State(seed, millisecondsApart);
            var paths = new List<string>();
            for (var f = 0; f < files; f++)
            {
                var count = lines / files + (f < lines % files ? 1 : 0);
                var path = Path.Combine(folder, FileName(gen.Start.AddMinutes(5 * (f + 1)), f));
                using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                using (var gz = new GZipStream(file, CompressionLevel.Optimal))
                    gen.Write(gz, count);
                paths.Add(path);
            }
            return paths.ToArray();
        }

        /// <summary>Writes <paramref name="lines"/> lines, uncompressed, to a stream.</summary>
        public static void Write(Stream output, long lines, int seed, int millisecondsApart) => new State(seed, millisecondsApart).Write(output, lines);

        private sealed class State
        {
            private ulong rng;
            private long ticks;
            private readonly StringBuilder sb = new StringBuilder(1024);
            private readonly byte[] buffer = new byte[1 << 16];
            private readonly int spacing;

            public State(int seed, int millisecondsApart)
            {
                spacing = 2 * millisecondsApart * (int)TimeSpan.TicksPerMillisecond;
                rng = 0x9E3779B97F4A7C15UL ^ (ulong)(uint)seed;
                Start = new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);
                ticks = Start.Ticks;
            }

            public DateTime Start { get; }

            private ulong Next()
            {
                // xorshift64*: fast and the same on every runtime.
                rng ^= rng >> 12;
                rng ^= rng << 25;
                rng ^= rng >> 27;
                return rng * 2685821657736338717UL;
            }

            private int Below(int n) => (int)(Next() % (ulong)n);

            private string Hex(int digits)
            {
                const string h = "0123456789abcdef";
                var c = new char[digits];
                for (var i = 0; i < digits; i++) c[i] = h[Below(16)];
                return new string(c);
            }

            public void Write(Stream output, long lines)
            {
                var used = 0;
                for (long i = 0; i < lines; i++)
                {
                    sb.Clear();
                    Line();
                    sb.Append('\n');
                    if (used + sb.Length * 3 > buffer.Length)
                    {
                        output.Write(buffer, 0, used);
                        used = 0;
                    }
                    used += Encoding.UTF8.GetBytes(sb.ToString(), 0, sb.Length, buffer, used);
                }
                output.Write(buffer, 0, used);
            }

            private void Line()
            {
                ticks += 1 + Below(spacing);
                var time = new DateTime(ticks, DateTimeKind.Utc);
                var kind = Below(10000);
                // The mix: ~96.5 % successes and redirects, ~2 % target-generated errors, ~1.5 % load-balancer errors.
                string type = Below(10) < 7 ? "https" : Below(3) == 0 ? "http" : "h2";
                var method = Below(10) < 8 ? "GET" : "POST";
                var protocol = type == "h2" ? "HTTP/2.0" : "HTTP/1.1";
                var target = $"10.0.{1 + Below(3)}.{10 + Below(20)}:{(Below(2) == 0 ? 8080 : 80)}";
                var tg = Below(4) == 0 ? TargetGroupApi : TargetGroupWeb;
                string rpt = "0.000", tpt = "0." + Below(300).ToString("000", CultureInfo.InvariantCulture), respt = "0.000";
                string elbCode = "200", targetCode = "200", actions = "forward", redirect = "-", errorReason = "-", cls = "-", clsReason = "-";
                string request = null!;
                if (kind < 300) { elbCode = "301"; targetCode = "-"; target = "-"; tpt = "-1"; actions = "redirect"; redirect = "https://www.example.com:443/"; type = "http"; protocol = "HTTP/1.1"; }
                else if (kind < 450) { elbCode = targetCode = "404"; }
                else if (kind < 500) { elbCode = targetCode = "401"; }
                else if (kind < 560) { elbCode = targetCode = "500"; }
                else if (kind < 600) { elbCode = targetCode = "503"; }
                // Most connection resets come from one sick target, as they do when one host's service is down.
                else if (kind < 640) { elbCode = "502"; targetCode = "-"; rpt = tpt = respt = "-1"; if (Below(3) != 0) target = "10.0.3.14:8080"; }
                else if (kind < 670) { elbCode = "502"; targetCode = "-"; rpt = "0.001"; tpt = respt = "-1"; }
                else if (kind < 685) { elbCode = "502"; targetCode = "-"; target = "-"; tg = TargetGroupLambda; errorReason = Below(2) == 0 ? "LambdaInvalidResponse" : "LambdaUnhandled"; }
                else if (kind < 720) { elbCode = "504"; targetCode = "-"; rpt = "0.000"; tpt = respt = "-1"; }
                else if (kind < 735) { elbCode = "504"; targetCode = "-"; rpt = tpt = respt = "-1"; }
                else if (kind < 750) { elbCode = "503"; targetCode = "-"; target = "-"; rpt = tpt = respt = "-1"; }
                else if (kind < 790) { elbCode = "460"; targetCode = "-"; tpt = "-1"; respt = "-1"; }
                else if (kind < 810) { elbCode = "408"; targetCode = "-"; target = "-"; rpt = tpt = respt = "-1"; actions = "-"; request = "- - - "; }
                else if (kind < 830) { elbCode = "400"; targetCode = "-"; target = "-"; rpt = tpt = respt = "-1"; actions = "-"; request = "- - - "; }
                else if (kind < 840) { elbCode = "400"; targetCode = "-"; target = "-"; rpt = tpt = respt = "-1"; actions = "-"; cls = "Severe"; clsReason = "BadContentLength"; }
                else if (kind < 860) { elbCode = "403"; targetCode = "-"; target = "-"; tpt = "-1"; respt = "-1"; actions = "waf"; }
                else if (kind < 865) { elbCode = "500"; targetCode = "-"; target = "-"; tpt = "-1"; respt = "-1"; actions = "waf-failed"; errorReason = "WAFConnectionError"; }
                else if (kind < 875) { elbCode = "401"; targetCode = "-"; target = "-"; tpt = "-1"; respt = "-1"; actions = "authenticate"; errorReason = "AuthInvalidCookie"; }
                else if (kind < 880) { elbCode = "561"; targetCode = "-"; target = "-"; tpt = "-1"; respt = "-1"; actions = "authenticate"; errorReason = "AuthTokenEpRequestFailed"; }
                else if (kind < 885) { elbCode = "463"; targetCode = "-"; target = "-"; rpt = tpt = respt = "-1"; actions = "-"; }
                else if (kind < 895) { elbCode = "464"; targetCode = "-"; target = "-"; rpt = tpt = respt = "-1"; tg = TargetGroupApi; type = "https"; protocol = "HTTP/1.1"; }
                if (tg == TargetGroupLambda) target = "-";

                var https = type != "http";
                var host = "www.example.com";
                if (request is null)
                {
                    var path = Paths[Below(Paths.Length)].Replace("{id}", Below(100000).ToString(CultureInfo.InvariantCulture)).Replace("{hex}", Hex(8));
                    var query = Below(3) == 0 ? "?q=" + Hex(6) + "&page=" + Below(20).ToString(CultureInfo.InvariantCulture) : string.Empty;
                    request = $"{method} {(https ? "https" : "http")}://{host}:{(https ? 443 : 80)}{path}{query} {protocol}";
                }
                var client = $"{11 + Below(200)}.{Below(256)}.{Below(256)}.{Below(256)}:{1024 + Below(64000)}";
                var traceTime = ((ticks - 621355968000000000L) / TimeSpan.TicksPerSecond).ToString("x8", CultureInfo.InvariantCulture);
                var created = time.AddMilliseconds(-Below(400));
                var targetList = target == "-" ? "-" : target;
                var modern = Below(4) != 0; // a quarter of the lines predate the 2025 transform fields

                sb.Append(type).Append(' ').Append(time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)).Append(' ')
                  .Append(Elb).Append(' ').Append(client).Append(' ').Append(target).Append(' ')
                  .Append(rpt).Append(' ').Append(tpt).Append(' ').Append(respt).Append(' ')
                  .Append(elbCode).Append(' ').Append(targetCode).Append(' ')
                  .Append(200 + Below(2000)).Append(' ').Append(100 + Below(20000)).Append(' ')
                  .Append('"').Append(request).Append("\" \"").Append(Agents[Below(Agents.Length)]).Append("\" ")
                  .Append(https ? "ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 " : "- - ")
                  .Append(tg).Append(" \"Root=1-").Append(traceTime).Append('-').Append(Hex(24)).Append("\" ")
                  .Append(https ? "\"" + host + "\" \"" + Cert + "\" " : "\"-\" \"-\" ")
                  .Append(actions == "-" ? "-" : Below(5) == 0 ? "0" : (1 + Below(20)).ToString(CultureInfo.InvariantCulture)).Append(' ')
                  .Append(created.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture))
                  .Append(" \"").Append(actions).Append("\" \"").Append(redirect).Append("\" \"").Append(errorReason)
                  .Append("\" \"").Append(targetList).Append("\" \"").Append(targetCode)
                  .Append("\" \"").Append(cls).Append("\" \"").Append(clsReason).Append("\" TID_").Append(Hex(32));
                if (modern) sb.Append(" \"-\" \"-\" \"-\"");
            }
        }
    }
}
