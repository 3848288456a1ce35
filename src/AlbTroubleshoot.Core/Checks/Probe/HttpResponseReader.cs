using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AlbTroubleshoot.Probe
{
    /// <summary>How reading one response ended.</summary>
    internal enum ResponseEnd
    {
        /// <summary>A whole response, framed as its headers say.</summary>
        Complete,
        /// <summary>Complete as far as it was read: the body is longer than the probe reads.</summary>
        BodyCapped,
        /// <summary>Not one byte within the limit.</summary>
        NoResponse,
        /// <summary>FIN before any byte.</summary>
        ClosedBeforeResponse,
        /// <summary>RST before any byte.</summary>
        ResetBeforeResponse,
        /// <summary>Not HTTP the ALB can read: <see cref="ResponseReading.Malformed"/> says why.</summary>
        Malformed,
        /// <summary>The header section is longer than the ALB's 32 KB.</summary>
        HeaderTooLarge,
        /// <summary>Part of the header section, then nothing within the limit.</summary>
        StalledInHead,
        /// <summary>The headers and part of the body, then nothing within the limit.</summary>
        StalledInBody,
        /// <summary>FIN or RST in the middle of the headers.</summary>
        ClosedInHead,
        /// <summary>FIN or RST before the body was complete.</summary>
        ClosedInBody,
        /// <summary>The response kept coming (slowly) past the overall limit.</summary>
        TooSlow,
        /// <summary>A socket error other than a close or reset.</summary>
        Failed,
    }

    /// <summary>What reading one HTTP/1.x response found.</summary>
    internal sealed class ResponseReading
    {
        public ResponseEnd End { get; set; }

        /// <summary>The status line, quoted for messages.</summary>
        public string StatusLine { get; set; } = string.Empty;

        public int StatusCode { get; set; }

        /// <summary>"HTTP/1.1" or "HTTP/1.0" when the status line has one.</summary>
        public string Version { get; set; } = string.Empty;

        /// <summary>Things no HTTP parser accepts (each one a reason for 502).</summary>
        public List<string> Malformed { get; } = new List<string>();

        /// <summary>Things RFC 9112 lets a proxy repair or reject; the ALB's choice is not documented.</summary>
        public List<string> Oddities { get; } = new List<string>();

        public int HeaderBytes { get; set; }

        public long? DeclaredLength { get; set; }

        public long BodyBytes { get; set; }

        public bool Chunked { get; set; }

        /// <summary>True when the headers let the connection carry another request (keep-alive, framed body).</summary>
        public bool Reusable { get; set; }

        /// <summary>Why the connection cannot carry another request, when it cannot.</summary>
        public string NotReusableReason { get; set; } = string.Empty;

        /// <summary>Seconds from the request to the first byte, and to the end of the reading.</summary>
        public double FirstByteSeconds { get; set; }

        public double Seconds { get; set; }

        /// <summary>For the stall ends: seconds without a byte when the probe stopped waiting.</summary>
        public double SilenceSeconds { get; set; }

        /// <summary>Bytes that arrived after the end of the response (a Content-Length shorter than the body, or a stray write).</summary>
        public int ExtraBytes { get; set; }

        public string ExtraQuoted { get; set; } = string.Empty;
    }

    /// <summary>
    /// Reads one HTTP/1.x response strictly, as a proxy must: status line, header syntax and size,
    /// Content-Length and chunked framing (RFC 9112), and the ALB's 32 KB limit on response headers
    /// ("The target response header exceeded 32 K in total",
    /// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html#http-502-issues).
    /// Every wait is bounded: <c>silence</c> without a byte (the ALB's idle timeout plays this role)
    /// and an overall limit.
    /// </summary>
    internal sealed class HttpResponseReader
    {
        /// <summary>"The target response header exceeded 32 K in total" → 502.</summary>
        public const int MaxHeaderBytes = 32 * 1024;

        /// <summary>The most body the probe reads: enough to check the framing of a health or status page.</summary>
        public const int MaxBodyBytes = 1024 * 1024;

        private const string Tchars = "!#$%&'*+-.^_`|~";

        private readonly ProbeConnection _connection;
        private readonly TimeSpan _silence;
        private readonly TimeSpan _overall;
        private readonly CancellationToken _cancellation;
        private readonly byte[] _buffer = new byte[MaxHeaderBytes + 4096];
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private int _start;
        private int _end;
        private TimeSpan _lastByte;
        private bool _connectionClosed;

        public HttpResponseReader(ProbeConnection connection, TimeSpan silence, TimeSpan overall, CancellationToken cancellationToken)
        {
            _connection = connection;
            _silence = silence;
            _overall = overall;
            _cancellation = cancellationToken;
        }

        /// <summary>Reads one response to a request just sent (GET, or HEAD when <paramref name="head"/>).</summary>
        public async Task<ResponseReading> ReadAsync(bool head)
        {
            var r = new ResponseReading();
            _clock.Restart();
            _lastByte = TimeSpan.Zero;
            try
            {
                await ReadResponseAsync(r, head).ConfigureAwait(false);
            }
            finally
            {
                r.Seconds = _clock.Elapsed.TotalSeconds;
            }
            return r;
        }

        /// <summary>Whatever is left in the buffer after the response: data the target sent beyond it.</summary>
        public int Buffered => _end - _start;

        private async Task ReadResponseAsync(ResponseReading r, bool head)
        {
            var fill = await FillAsync().ConfigureAwait(false);
            if (fill != WireEnd.Done)
            {
                r.End = fill switch
                {
                    WireEnd.TimedOut => ResponseEnd.NoResponse,
                    WireEnd.Closed => ResponseEnd.ClosedBeforeResponse,
                    WireEnd.Reset => ResponseEnd.ResetBeforeResponse,
                    _ => ResponseEnd.Failed,
                };
                r.SilenceSeconds = _clock.Elapsed.TotalSeconds;
                return;
            }
            r.FirstByteSeconds = _clock.Elapsed.TotalSeconds;

            // Interim 1xx responses (RFC 9110 §15.2) come before the final one; the ALB passes them over.
            while (true)
            {
                if (!StartsLikeHttp())
                {
                    r.Malformed.Add("The response does not start with 'HTTP/': '" + ProbeInput.Quote(_buffer, _start, _end - _start, 40) + "'.");
                    r.End = ResponseEnd.Malformed;
                    return;
                }
                var headers = await ReadHeadAsync(r).ConfigureAwait(false);
                if (headers is null) return;
                if (r.StatusCode >= 100 && r.StatusCode < 200 && r.StatusCode != 101) continue;
                if (r.StatusCode == 101)
                {
                    r.Malformed.Add("101 Switching Protocols to a request that asked for no upgrade.");
                    r.End = ResponseEnd.Malformed;
                    return;
                }
                await ReadBodyAsync(r, headers, head).ConfigureAwait(false);
                if (r.End is ResponseEnd.Complete && Buffered > 0)
                {
                    r.ExtraBytes = Buffered;
                    r.ExtraQuoted = ProbeInput.Quote(_buffer, _start, Buffered, 40);
                }
                return;
            }
        }

        private bool StartsLikeHttp()
        {
            const string prefix = "HTTP/";
            var n = Math.Min(prefix.Length, _end - _start);
            for (var i = 0; i < n; i++)
                if (_buffer[_start + i] != prefix[i]) return false;
            return true;
        }

        /// <summary>The header fields (lower-case name → values), or null when reading ended (r.End set).</summary>
        private async Task<Dictionary<string, List<string>>?> ReadHeadAsync(ResponseReading r)
        {
            var headBytes = 0;
            var statusLine = await ReadLineAsync(r, headBytes).ConfigureAwait(false);
            if (statusLine is null) return null;
            headBytes += statusLine.Value.Consumed;
            if (!ParseStatusLine(r, statusLine.Value.Text))
            {
                r.End = ResponseEnd.Malformed;
                return null;
            }
            var headers = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
            var bareLf = statusLine.Value.BareLf;
            while (true)
            {
                var line = await ReadLineAsync(r, headBytes).ConfigureAwait(false);
                if (line is null) return null;
                headBytes += line.Value.Consumed;
                r.HeaderBytes = headBytes;
                if (headBytes > MaxHeaderBytes)
                {
                    r.Malformed.Add("The response headers exceed " + (MaxHeaderBytes / 1024).ToString(CultureInfo.InvariantCulture) + " KB, the most the ALB accepts.");
                    r.End = ResponseEnd.HeaderTooLarge;
                    return null;
                }
                bareLf |= line.Value.BareLf;
                var text = line.Value.Text;
                if (text.Length == 0) break;
                if (text[0] == ' ' || text[0] == '\t')
                {
                    r.Oddities.Add("A header line continues the previous one (obs-fold, RFC 9112 §5.2): '" + ProbeInput.Quote(text, 40) + "'.");
                    continue;
                }
                ParseField(r, text, headers);
            }
            if (bareLf) r.Oddities.Add("Lines end with a bare LF instead of CRLF (RFC 9112 §2.2 lets a recipient accept it; a strict proxy rejects it).");
            if (r.Malformed.Count > 0)
            {
                r.End = ResponseEnd.Malformed;
                return null;
            }
            return headers;
        }

        private static bool ParseStatusLine(ResponseReading r, string line)
        {
            r.StatusLine = ProbeInput.Quote(line);
            // status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4)
            if (line.Length < 12 || !line.StartsWith("HTTP/", StringComparison.Ordinal) || !char.IsDigit(line[5]) || line[6] != '.' ||
                !char.IsDigit(line[7]) || line[8] != ' ' || !line.Skip(9).Take(3).All(c => c >= '0' && c <= '9'))
            {
                r.Malformed.Add("The status line is not 'HTTP/x.y NNN reason': '" + r.StatusLine + "'.");
                return false;
            }
            r.Version = line.Substring(0, 8);
            r.StatusCode = int.Parse(line.Substring(9, 3), NumberStyles.None, CultureInfo.InvariantCulture);
            if (r.Version != "HTTP/1.1" && r.Version != "HTTP/1.0")
            {
                r.Malformed.Add("The status line has version " + r.Version + "; an HTTP/1.1 request gets an HTTP/1.x response: '" + r.StatusLine + "'.");
                return false;
            }
            if (r.StatusCode < 100 || r.StatusCode > 599)
            {
                r.Malformed.Add("The status code " + r.StatusCode.ToString(CultureInfo.InvariantCulture) + " is outside 100-599: '" + r.StatusLine + "'.");
                return false;
            }
            if (line.Length == 12)
                r.Oddities.Add("The status line has no space after the code ('" + r.StatusLine + "'); RFC 9112 §4 requires one even without a reason phrase.");
            else if (line[12] != ' ')
            {
                r.Malformed.Add("The status code is not followed by a space: '" + r.StatusLine + "'.");
                return false;
            }
            else if (line.Skip(13).Any(c => c < 0x20 && c != '\t' || c == 0x7f))
                r.Oddities.Add("The reason phrase holds control characters: '" + r.StatusLine + "'.");
            return true;
        }

        private static void ParseField(ResponseReading r, string line, Dictionary<string, List<string>> headers)
        {
            var colon = line.IndexOf(':');
            if (colon < 0)
            {
                r.Malformed.Add("A header line has no colon: '" + ProbeInput.Quote(line, 40) + "'.");
                return;
            }
            var name = line.Substring(0, colon);
            var trimmed = name.TrimEnd(' ', '\t');
            if (trimmed.Length == 0 || !trimmed.All(c => c < 0x7f && (char.IsLetterOrDigit(c) || Tchars.IndexOf(c) >= 0)))
            {
                r.Malformed.Add("A header name holds characters a field name cannot (RFC 9110 §5.1): '" + ProbeInput.Quote(name, 40) + "'.");
                return;
            }
            if (trimmed.Length != name.Length)
                r.Oddities.Add("Whitespace between the header name and the colon: '" + ProbeInput.Quote(line, 40) + "' (RFC 9112 §5.1: a proxy must remove it).");
            var value = line.Substring(colon + 1).Trim(' ', '\t');
            if (value.Any(c => c == '\0' || c == '\r' || (c < 0x20 && c != '\t') || c == 0x7f))
                r.Oddities.Add("The value of " + ProbeInput.Quote(trimmed, 40) + " holds control characters (NUL, CR or others; RFC 9110 §5.5): '" + ProbeInput.Quote(value, 40) + "'.");
            if (!headers.TryGetValue(trimmed, out var values)) headers[trimmed] = values = new List<string>();
            values.Add(value);
        }

        private async Task ReadBodyAsync(ResponseReading r, Dictionary<string, List<string>> headers, bool head)
        {
            var connection = Tokens(headers, "Connection");
            var keepAlive = r.Version == "HTTP/1.1" ? !connection.Contains("close") : connection.Contains("keep-alive") && !connection.Contains("close");
            var te = Tokens(headers, "Transfer-Encoding");
            var lengths = headers.TryGetValue("Content-Length", out var cl)
                ? cl.SelectMany(v => v.Split(',')).Select(v => v.Trim()).ToList()
                : new List<string>();
            long? declared = null;
            if (lengths.Count > 0)
            {
                if (lengths.Any(v => v.Length == 0 || v.Length > 18 || !v.All(c => c >= '0' && c <= '9')))
                {
                    r.Malformed.Add("Content-Length is not a number: '" + ProbeInput.Quote(string.Join(", ", cl!), 40) + "'.");
                    r.End = ResponseEnd.Malformed;
                    return;
                }
                var distinct = lengths.Select(v => long.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture)).Distinct().ToList();
                if (distinct.Count > 1)
                {
                    r.Malformed.Add("Content-Length has different values: " + string.Join(", ", distinct) + ".");
                    r.End = ResponseEnd.Malformed;
                    return;
                }
                if (lengths.Count > 1) r.Oddities.Add("Content-Length is repeated (" + lengths.Count.ToString(CultureInfo.InvariantCulture) + " times, same value).");
                declared = distinct[0];
                r.DeclaredLength = declared;
            }
            if (te.Count > 0 && declared.HasValue)
                r.Oddities.Add("Both Transfer-Encoding and Content-Length (RFC 9112 §6.3: Transfer-Encoding wins; a sender must not send both).");

            var noBody = head || r.StatusCode == 204 || r.StatusCode == 304;
            if (noBody)
            {
                SetReusable(r, keepAlive, connection.Contains("close") ? "it sent 'Connection: close'" : "HTTP/1.0 without 'Connection: keep-alive'");
                r.End = ResponseEnd.Complete;
                return;
            }
            if (te.Count > 0)
            {
                if (te[te.Count - 1] == "chunked")
                {
                    r.Chunked = true;
                    if (te.Count(t => t == "chunked") > 1) r.Malformed.Add("Transfer-Encoding names chunked more than once.");
                    if (r.Malformed.Count > 0)
                    {
                        r.End = ResponseEnd.Malformed;
                        return;
                    }
                    SetReusable(r, keepAlive, "it sent 'Connection: close'");
                    await ReadChunkedAsync(r).ConfigureAwait(false);
                    return;
                }
                r.Oddities.Add("Transfer-Encoding '" + ProbeInput.Quote(string.Join(", ", te), 40) + "' does not end with chunked: the body lasts until the connection closes.");
                SetReusable(r, false, "its body ends only when the connection closes (Transfer-Encoding without chunked)");
                await ReadUntilCloseAsync(r).ConfigureAwait(false);
                return;
            }
            if (declared.HasValue)
            {
                SetReusable(r, keepAlive, connection.Contains("close") ? "it sent 'Connection: close'" : "HTTP/1.0 without 'Connection: keep-alive'");
                await ReadExactlyAsync(r, declared.Value).ConfigureAwait(false);
                return;
            }
            SetReusable(r, false, "its body has no Content-Length and is not chunked, so it ends only when the connection closes");
            await ReadUntilCloseAsync(r).ConfigureAwait(false);
        }

        private static void SetReusable(ResponseReading r, bool reusable, string reason)
        {
            r.Reusable = reusable;
            r.NotReusableReason = reusable ? string.Empty : reason;
        }

        private static List<string> Tokens(Dictionary<string, List<string>> headers, string name) =>
            headers.TryGetValue(name, out var values)
                ? values.SelectMany(v => v.Split(',')).Select(v => v.Trim().ToLowerInvariant()).Where(v => v.Length > 0).ToList()
                : new List<string>();

        private async Task ReadExactlyAsync(ResponseReading r, long length)
        {
            var want = Math.Min(length, MaxBodyBytes);
            while (r.BodyBytes < want)
            {
                if (Buffered == 0)
                {
                    var fill = await FillAsync().ConfigureAwait(false);
                    if (fill != WireEnd.Done)
                    {
                        EndInBody(r, fill);
                        return;
                    }
                }
                var take = (int)Math.Min(Buffered, want - r.BodyBytes);
                _start += take;
                r.BodyBytes += take;
            }
            r.End = length > MaxBodyBytes ? ResponseEnd.BodyCapped : ResponseEnd.Complete;
        }

        private async Task ReadChunkedAsync(ResponseReading r)
        {
            while (true)
            {
                var sizeLine = await ReadLineAsync(r, -1).ConfigureAwait(false);
                if (sizeLine is null)
                {
                    ToBodyEnd(r);
                    return;
                }
                var text = sizeLine.Value.Text;
                var semicolon = text.IndexOf(';');
                var hex = (semicolon < 0 ? text : text.Substring(0, semicolon)).TrimEnd(' ', '\t');
                if (hex.Length == 0 || hex.Length > 10 || !long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size))
                {
                    r.Malformed.Add("Bad chunked encoding: the chunk-size line '" + ProbeInput.Quote(text, 40) + "' is not a hexadecimal size.");
                    r.End = ResponseEnd.Malformed;
                    return;
                }
                if (size == 0)
                {
                    // The trailer section, up to an empty line.
                    while (true)
                    {
                        var trailer = await ReadLineAsync(r, -1).ConfigureAwait(false);
                        if (trailer is null)
                        {
                            ToBodyEnd(r);
                            return;
                        }
                        if (trailer.Value.Text.Length == 0) break;
                    }
                    r.End = ResponseEnd.Complete;
                    return;
                }
                if (r.BodyBytes + size > MaxBodyBytes)
                {
                    r.End = ResponseEnd.BodyCapped;
                    return;
                }
                var remaining = size;
                while (remaining > 0)
                {
                    if (Buffered == 0)
                    {
                        var fill = await FillAsync().ConfigureAwait(false);
                        if (fill != WireEnd.Done)
                        {
                            EndInBody(r, fill);
                            return;
                        }
                    }
                    var take = (int)Math.Min(Buffered, remaining);
                    _start += take;
                    remaining -= take;
                    r.BodyBytes += take;
                }
                // chunk-data is followed by CRLF.
                var after = await ReadLineAsync(r, -1).ConfigureAwait(false);
                if (after is null)
                {
                    ToBodyEnd(r);
                    return;
                }
                if (after.Value.Text.Length != 0)
                {
                    r.Malformed.Add("Bad chunked encoding: a chunk is longer than its size line says (" + size.ToString(CultureInfo.InvariantCulture) + " bytes, then '" +
                        ProbeInput.Quote(after.Value.Text, 20) + "' instead of CRLF).");
                    r.End = ResponseEnd.Malformed;
                    return;
                }
            }
        }

        /// <summary>A line read failed inside the body: a stall or a close in the body, not in the head.</summary>
        private static void ToBodyEnd(ResponseReading r)
        {
            r.End = r.End switch
            {
                ResponseEnd.StalledInHead => ResponseEnd.StalledInBody,
                ResponseEnd.ClosedInHead => ResponseEnd.ClosedInBody,
                _ => r.End,
            };
        }

        private async Task ReadUntilCloseAsync(ResponseReading r)
        {
            while (true)
            {
                r.BodyBytes += Buffered;
                _start = _end;
                if (r.BodyBytes >= MaxBodyBytes)
                {
                    r.End = ResponseEnd.BodyCapped;
                    return;
                }
                var fill = await FillAsync().ConfigureAwait(false);
                if (fill == WireEnd.Closed || fill == WireEnd.Reset)
                {
                    r.End = ResponseEnd.Complete;
                    return;
                }
                if (fill != WireEnd.Done)
                {
                    EndInBody(r, fill);
                    return;
                }
            }
        }

        private void EndInBody(ResponseReading r, WireEnd fill)
        {
            r.SilenceSeconds = (_clock.Elapsed - _lastByte).TotalSeconds;
            r.End = fill switch
            {
                WireEnd.TimedOut => _clock.Elapsed >= _overall ? ResponseEnd.TooSlow : ResponseEnd.StalledInBody,
                WireEnd.Closed or WireEnd.Reset => ResponseEnd.ClosedInBody,
                _ => ResponseEnd.Failed,
            };
        }

        /// <summary>
        /// One line without its CRLF (or bare LF), as Latin-1 text; null when reading ended (r.End set,
        /// as in the head). <paramref name="headBytes"/>: the header bytes before this line, or -1 for
        /// a line of the chunked body (its size line or trailer).
        /// </summary>
        private async Task<(string Text, int Consumed, bool BareLf)?> ReadLineAsync(ResponseReading r, int headBytes)
        {
            var scanned = 0;
            while (true)
            {
                var lf = Array.IndexOf(_buffer, (byte)'\n', _start + scanned, _end - _start - scanned);
                if (lf >= 0)
                {
                    var length = lf - _start;
                    var bareLf = length == 0 || _buffer[lf - 1] != '\r';
                    var text = Latin1(_buffer, _start, bareLf ? length : length - 1);
                    _start = lf + 1;
                    return (text, length + 1, bareLf);
                }
                scanned = _end - _start;
                if (Math.Max(headBytes, 0) + scanned > MaxHeaderBytes)
                {
                    if (headBytes >= 0)
                    {
                        r.HeaderBytes = headBytes + scanned;
                        r.Malformed.Add("The response headers exceed " + (MaxHeaderBytes / 1024).ToString(CultureInfo.InvariantCulture) + " KB, the most the ALB accepts.");
                        r.End = ResponseEnd.HeaderTooLarge;
                    }
                    else
                    {
                        r.Malformed.Add("Bad chunked encoding: a chunk-size or trailer line longer than " + (MaxHeaderBytes / 1024).ToString(CultureInfo.InvariantCulture) + " KB.");
                        r.End = ResponseEnd.Malformed;
                    }
                    return null;
                }
                var fill = await FillAsync().ConfigureAwait(false);
                if (fill == WireEnd.Done) continue;
                r.SilenceSeconds = (_clock.Elapsed - _lastByte).TotalSeconds;
                r.End = fill switch
                {
                    WireEnd.TimedOut => _clock.Elapsed >= _overall ? ResponseEnd.TooSlow : ResponseEnd.StalledInHead,
                    WireEnd.Closed or WireEnd.Reset => ResponseEnd.ClosedInHead,
                    _ => ResponseEnd.Failed,
                };
                return null;
            }
        }

        /// <summary>Reads more bytes into the buffer, within the silence limit and what is left of the overall one.</summary>
        private async Task<WireEnd> FillAsync()
        {
            if (_connectionClosed) return WireEnd.Closed;
            if (_start == _end)
            {
                _start = _end = 0;
            }
            else if (_end == _buffer.Length)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length) return WireEnd.Done; // full: the caller's size check ends it
            var left = _overall - _clock.Elapsed;
            var limit = left < _silence ? left : _silence;
            var (end, count) = await _connection.ReadAsync(_buffer, _end, _buffer.Length - _end, limit, _cancellation).ConfigureAwait(false);
            if (end == WireEnd.Done)
            {
                _end += count;
                _lastByte = _clock.Elapsed;
            }
            else if (end is WireEnd.Closed or WireEnd.Reset)
            {
                _connectionClosed = true;
            }
            return end;
        }

        private static string Latin1(byte[] bytes, int offset, int count)
        {
            var chars = new char[count];
            for (var i = 0; i < count; i++) chars[i] = (char)bytes[offset + i];
            return new string(chars);
        }

        /// <summary>The request the probe sends: GET (or HEAD) of a validated path, small, nothing else in it.</summary>
        public static byte[] Request(string method, string path, string host, string userAgent, bool keepAlive)
        {
            if (method != "GET" && method != "HEAD") throw new ArgumentException("The probe sends only GET and HEAD.", nameof(method));
            var problem = ProbeInput.PathProblem(path);
            if (problem is not null) throw new ArgumentException(problem, nameof(path));
            var text = method + " " + path + " HTTP/1.1\r\n" +
                       "Host: " + host + "\r\n" +
                       "User-Agent: " + userAgent + "\r\n" +
                       "Accept: */*\r\n" +
                       "Connection: " + (keepAlive ? "keep-alive" : "close") + "\r\n\r\n";
            return Encoding.ASCII.GetBytes(text);
        }
    }
}
