using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace AlbTroubleshoot.Probe
{
    /// <summary>
    /// Just enough HTTP/2 (RFC 9113) to tell whether a target speaks it and how long it keeps an idle
    /// connection: the client connection preface and an empty SETTINGS frame, the server's SETTINGS
    /// acknowledged, then frames read (SETTINGS and PING answered) until GOAWAY or the close. No
    /// stream is opened and no request sent.
    /// </summary>
    internal sealed class Http2Session
    {
        public const int Data = 0x0;
        public const int Settings = 0x4;
        public const int Ping = 0x6;
        public const int GoAway = 0x7;
        private const int AckFlag = 0x1;
        private const int MaxPayload = 16384; // SETTINGS_MAX_FRAME_SIZE's initial value

        private static readonly byte[] Preface =
        {
            // "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" then SETTINGS with no parameters (RFC 9113 §3.4)
            0x50, 0x52, 0x49, 0x20, 0x2a, 0x20, 0x48, 0x54, 0x54, 0x50, 0x2f, 0x32, 0x2e, 0x30, 0x0d, 0x0a, 0x0d, 0x0a, 0x53, 0x4d, 0x0d, 0x0a, 0x0d, 0x0a,
            0, 0, 0, Settings, 0, 0, 0, 0, 0,
        };

        private readonly ProbeConnection _connection;
        private readonly CancellationToken _cancellation;
        private readonly byte[] _header = new byte[9];
        private readonly byte[] _payload = new byte[MaxPayload];

        public Http2Session(ProbeConnection connection, CancellationToken cancellationToken)
        {
            _connection = connection;
            _cancellation = cancellationToken;
        }

        /// <summary>
        /// Sends the preface and reads the first frame header. Done with the frame type, or with the
        /// quoted first line when the target answered in HTTP/1.x ("HTTP/…").
        /// </summary>
        public async Task<(WireEnd End, int FrameType, string FirstLine, double Seconds)> StartAsync(TimeSpan limit)
        {
            var clock = Stopwatch.StartNew();
            var (written, _) = await _connection.WriteAsync(Preface, limit, _cancellation).ConfigureAwait(false);
            if (written != WireEnd.Done) return (written, -1, string.Empty, clock.Elapsed.TotalSeconds);
            var (end, got) = await ReadExactAsync(_header, 9, limit - clock.Elapsed).ConfigureAwait(false);
            var seconds = clock.Elapsed.TotalSeconds;
            if (got >= 5 && _header[0] == 'H' && _header[1] == 'T' && _header[2] == 'T' && _header[3] == 'P' && _header[4] == '/')
            {
                // Read on to the end of the status line for the message (it is short; a bounded wait).
                var line = new byte[64];
                Buffer.BlockCopy(_header, 0, line, 0, got);
                var count = got;
                while (Array.IndexOf(line, (byte)'\r', 0, count) < 0 && count < line.Length)
                {
                    var (more, n) = await _connection.ReadAsync(line, count, line.Length - count, limit - clock.Elapsed, _cancellation).ConfigureAwait(false);
                    if (more != WireEnd.Done) break;
                    count += n;
                }
                var cr = Array.IndexOf(line, (byte)'\r', 0, count);
                return (WireEnd.Done, -1, ProbeInput.Quote(line, 0, cr < 0 ? count : cr, 60), seconds);
            }
            if (end != WireEnd.Done) return (end, -1, string.Empty, seconds);
            var type = _header[3];
            if (type == Settings)
            {
                var (payloadEnd, _) = await ReadPayloadAsync(limit - clock.Elapsed).ConfigureAwait(false);
                if (payloadEnd != WireEnd.Done) return (payloadEnd, type, string.Empty, seconds);
                await _connection.WriteAsync(new byte[] { 0, 0, 0, Settings, AckFlag, 0, 0, 0, 0 }, limit, _cancellation).ConfigureAwait(false);
            }
            return (WireEnd.Done, type, string.Empty, seconds);
        }

        /// <summary>
        /// Keeps the connection idle up to <paramref name="wait"/>, answering SETTINGS and PING, and
        /// returns when the target ended it: Closed at the GOAWAY (or the close, whichever came first),
        /// Reset, or TimedOut when it was still open.
        /// </summary>
        public async Task<(WireEnd End, double Seconds, bool GoAway)> IdleAsync(TimeSpan wait)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var (end, _) = await ReadExactAsync(_header, 9, wait - clock.Elapsed).ConfigureAwait(false);
                if (end != WireEnd.Done) return (end, clock.Elapsed.TotalSeconds, false);
                var type = _header[3];
                if (type == GoAway) return (WireEnd.Closed, clock.Elapsed.TotalSeconds, true);
                var (payloadEnd, length) = await ReadPayloadAsync(wait - clock.Elapsed).ConfigureAwait(false);
                if (payloadEnd != WireEnd.Done) return (payloadEnd, clock.Elapsed.TotalSeconds, false);
                var ack = (_header[4] & AckFlag) != 0;
                if (type == Settings && !ack)
                    await _connection.WriteAsync(new byte[] { 0, 0, 0, Settings, AckFlag, 0, 0, 0, 0 }, wait - clock.Elapsed, _cancellation).ConfigureAwait(false);
                else if (type == Ping && !ack && length == 8)
                {
                    var pong = new byte[17];
                    pong[2] = 8;
                    pong[3] = Ping;
                    pong[4] = AckFlag;
                    Buffer.BlockCopy(_payload, 0, pong, 9, 8);
                    await _connection.WriteAsync(pong, wait - clock.Elapsed, _cancellation).ConfigureAwait(false);
                }
            }
        }

        private async Task<(WireEnd End, int Length)> ReadPayloadAsync(TimeSpan limit)
        {
            var length = (_header[0] << 16) | (_header[1] << 8) | _header[2];
            if (length > MaxPayload) return (WireEnd.Failed, length);
            var (end, _) = await ReadExactAsync(_payload, length, limit).ConfigureAwait(false);
            return (end, length);
        }

        /// <summary>Reads exactly <paramref name="count"/> bytes; the end and how many arrived.</summary>
        private async Task<(WireEnd End, int Got)> ReadExactAsync(byte[] buffer, int count, TimeSpan limit)
        {
            var clock = Stopwatch.StartNew();
            var got = 0;
            while (got < count)
            {
                var (end, n) = await _connection.ReadAsync(buffer, got, count - got, limit - clock.Elapsed, _cancellation).ConfigureAwait(false);
                if (end != WireEnd.Done) return (end, got);
                got += n;
            }
            return (WireEnd.Done, got);
        }
    }
}
