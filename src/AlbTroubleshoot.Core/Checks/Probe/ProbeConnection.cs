using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;

namespace AlbTroubleshoot.Probe
{
    /// <summary>How a bounded network step ended.</summary>
    internal enum WireEnd
    {
        Done,
        /// <summary>Nothing happened within the limit; the connection was closed to stop the step.</summary>
        TimedOut,
        /// <summary>The peer closed (FIN) before the step was done.</summary>
        Closed,
        /// <summary>The peer reset the connection (RST), or refused it.</summary>
        Reset,
        /// <summary>ICMP unreachable, no route, or another socket error.</summary>
        Failed,
    }

    /// <summary>
    /// One TCP connection of a probe, every operation bounded in time: an operation that does not
    /// finish within its limit closes the socket (netstandard2.0 sockets take no cancellation token),
    /// which also ends it on .NET Framework. Ctrl+C does the same through the cancellation token.
    /// </summary>
    internal sealed class ProbeConnection : IDisposable
    {
        private readonly Socket _socket;
        private readonly RecordingStream _raw;
        private int _disposed;

        private ProbeConnection(Socket socket)
        {
            _socket = socket;
            _raw = new RecordingStream(new NetworkStream(socket, ownsSocket: true));
            Stream = _raw;
        }

        /// <summary>The plain stream, or the TLS stream after <see cref="StartTlsAsync"/>.</summary>
        public Stream Stream { get; private set; }

        /// <summary>The first bytes the peer sent on the plain stream (to tell plain HTTP on a TLS port).</summary>
        public byte[] FirstBytesReceived => _raw.FirstBytes;

        public string? TlsProtocol { get; private set; }

        public string? TlsCipher { get; private set; }

        public static async Task<(ProbeConnection? Connection, WireEnd End, string Detail, double Seconds)> ConnectAsync(
            string host, int port, TimeSpan limit, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            IPAddress address;
            if (!IPAddress.TryParse(host, out address!))
            {
                var lookup = Dns.GetHostAddressesAsync(host);
                var (ended, addresses, error) = await Bounded.RunAsync(lookup, limit, () => { }, cancellationToken).ConfigureAwait(false);
                if (ended != WireEnd.Done || addresses is null || addresses.Length == 0)
                    return (null, WireEnd.Failed, "the name " + host + " did not resolve" + (error is null ? string.Empty : ": " + error.Message), clock.Elapsed.TotalSeconds);
                address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0];
            }
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            var (end, _, failure) = await Bounded.RunAsync(
                socket.ConnectAsync(new IPEndPoint(address, port)).ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default),
                limit, socket.Dispose, cancellationToken).ConfigureAwait(false);
            var seconds = clock.Elapsed.TotalSeconds;
            if (end == WireEnd.Done) return (new ProbeConnection(socket), WireEnd.Done, string.Empty, seconds);
            socket.Dispose();
            var code = (failure as SocketException)?.SocketErrorCode;
            return code switch
            {
                SocketError.ConnectionRefused => (null, WireEnd.Reset, "connection refused (TCP RST)", seconds),
                SocketError.ConnectionReset => (null, WireEnd.Reset, "connection reset (TCP RST)", seconds),
                SocketError.HostUnreachable => (null, WireEnd.Failed, "host unreachable (ICMP)", seconds),
                SocketError.NetworkUnreachable => (null, WireEnd.Failed, "network unreachable (no route, or ICMP)", seconds),
                SocketError.TimedOut => (null, WireEnd.TimedOut, "no answer (the system's connect timeout ended it)", seconds),
                _ when end == WireEnd.TimedOut => (null, WireEnd.TimedOut, "no answer to the connection request", seconds),
                _ => (null, WireEnd.Failed, failure?.Message ?? end.ToString(), seconds),
            };
        }

        /// <summary>
        /// True when this build can offer ALPN protocols in the TLS handshake (h2 for HTTP/2 and gRPC
        /// target groups). SslClientAuthenticationOptions.ApplicationProtocols exists from .NET Core
        /// 2.1 on; netstandard2.0's SslStream, the build Windows PowerShell 5.1 loads, has no ALPN.
        /// </summary>
        public static bool CanOfferAlpn =>
#if NET
            true;
#else
            false;
#endif

        /// <summary>The protocol ALPN settled on ("h2", "http/1.1"); empty when none was offered or the target chose none.</summary>
        public string NegotiatedApplicationProtocol { get; private set; } = string.Empty;

        /// <summary>
        /// A TLS handshake offering the policy's protocol versions and accepting any certificate, as
        /// the ALB does; with <paramref name="offerH2"/> (where <see cref="CanOfferAlpn"/>), ALPN h2
        /// and http/1.1. Returns how it ended and, when it failed, why.
        /// </summary>
        public async Task<(WireEnd End, string Detail, double Seconds)> StartTlsAsync(string host, BackendTlsPolicy policy, bool offerH2, TimeSpan limit, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            var protocols = policy.Protocols;
            while (true)
            {
#pragma warning disable CA5359 // see AcceptAnyCertificate
                var tls = new SslStream(_raw, leaveInnerStreamOpen: true, AcceptAnyCertificate);
#pragma warning restore CA5359
                var (end, _, failure) = await Bounded.RunAsync(
                    Authenticate(tls, host, protocols, offerH2, cancellationToken).ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default),
                    limit - clock.Elapsed, Dispose, cancellationToken).ConfigureAwait(false);
                if (end == WireEnd.Done)
                {
                    Stream = tls;
                    TlsProtocol = DescribeProtocol(tls.SslProtocol);
                    TlsCipher = tls.CipherAlgorithm + " " + tls.CipherStrength.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-bit, " + tls.HashAlgorithm;
#if NET
                    NegotiatedApplicationProtocol = tls.NegotiatedApplicationProtocol.ToString();
#endif
                    return (WireEnd.Done, string.Empty, clock.Elapsed.TotalSeconds);
                }
                tls.Dispose();
                // .NET Framework before 4.8 does not know TLS 1.3 and rejects the value: offer the rest.
                if ((failure is ArgumentException || failure is NotSupportedException) && (protocols & BackendTlsPolicy.Tls13) != 0)
                {
#pragma warning disable CA5397 // the old versions are what the ALB offers targets
                    protocols &= ~BackendTlsPolicy.Tls13;
#pragma warning restore CA5397
                    continue;
                }
                return (end, failure is null ? string.Empty : Innermost(failure).Message, clock.Elapsed.TotalSeconds);
            }
        }

        // The ALB does not validate target certificates ("you can use self-signed certificates or
        // certificates that have expired"), so neither does the probe: a certificate never fails it.
#pragma warning disable CA5359
        private static bool AcceptAnyCertificate(object sender, System.Security.Cryptography.X509Certificates.X509Certificate? certificate,
            System.Security.Cryptography.X509Certificates.X509Chain? chain, SslPolicyErrors errors) => true;
#pragma warning restore CA5359

        private static Task Authenticate(SslStream tls, string host, SslProtocols protocols, bool offerH2, CancellationToken cancellationToken)
        {
#if NET
            if (offerH2)
            {
                var options = new SslClientAuthenticationOptions
                {
                    TargetHost = host,
                    EnabledSslProtocols = protocols,
                    CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
#pragma warning disable CA5359 // see AcceptAnyCertificate
                    RemoteCertificateValidationCallback = AcceptAnyCertificate,
#pragma warning restore CA5359
                    ApplicationProtocols = new System.Collections.Generic.List<SslApplicationProtocol> { SslApplicationProtocol.Http2, SslApplicationProtocol.Http11 },
                };
                return tls.AuthenticateAsClientAsync(options, cancellationToken);
            }
#endif
            _ = offerH2;
            _ = cancellationToken;
            return tls.AuthenticateAsClientAsync(host, null, protocols, checkCertificateRevocation: false);
        }

        public async Task<(WireEnd End, string Detail)> WriteAsync(byte[] bytes, TimeSpan limit, CancellationToken cancellationToken)
        {
            var stream = Stream;
            var (end, _, failure) = await Bounded.RunAsync(
                stream.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default),
                limit, Dispose, cancellationToken).ConfigureAwait(false);
            return (end == WireEnd.Failed ? Classify(failure) : end, failure is null ? string.Empty : Innermost(failure).Message);
        }

        /// <summary>Reads what is there (at least one byte); Closed when the peer sent FIN, Reset on RST.</summary>
        public async Task<(WireEnd End, int Count)> ReadAsync(byte[] buffer, int offset, int count, TimeSpan limit, CancellationToken cancellationToken)
        {
            if (limit <= TimeSpan.Zero) return (WireEnd.TimedOut, 0);
            var (end, read, failure) = await Bounded.RunAsync(Stream.ReadAsync(buffer, offset, count, cancellationToken), limit, Dispose, cancellationToken).ConfigureAwait(false);
            if (end == WireEnd.Done) return read == 0 ? (WireEnd.Closed, 0) : (WireEnd.Done, read);
            return (end == WireEnd.Failed ? Classify(failure) : end, 0);
        }

        private static WireEnd Classify(Exception? failure)
        {
            for (var e = failure; e is not null; e = e.InnerException)
            {
                if (e is SocketException s)
                    return s.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted ? WireEnd.Reset : WireEnd.Failed;
            }
            // An IOException without a socket error is how SslStream reports a peer that went away.
            return failure is IOException ? WireEnd.Closed : WireEnd.Failed;
        }

        private static Exception Innermost(Exception e)
        {
            while (e.InnerException is not null) e = e.InnerException;
            return e;
        }

        // By number: .NET 7+ marks Tls and Tls11 obsolete, but a target may still choose them.
        private static string DescribeProtocol(SslProtocols protocol) =>
            (int)protocol switch
            {
                192 => "TLS 1.0",
                768 => "TLS 1.1",
                3072 => "TLS 1.2",
                12288 => "TLS 1.3",
                _ => protocol.ToString(),
            };

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            try
            {
                Stream.Dispose();
                _raw.Dispose();
            }
            catch (IOException)
            {
                // Closing a connection the peer already reset: nothing left to release.
            }
        }

        /// <summary>Passes everything through and keeps the first bytes read.</summary>
        private sealed class RecordingStream : Stream
        {
            private const int Keep = 64;
            private readonly Stream _inner;
            private byte[] _first = Array.Empty<byte>();

            public RecordingStream(Stream inner) { _inner = inner; }

            public byte[] FirstBytes => _first;

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() => _inner.Flush();
            public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.WriteAsync(buffer, offset, count, cancellationToken);

            public override int Read(byte[] buffer, int offset, int count) => Record(buffer, offset, _inner.Read(buffer, offset, count));

#if NET
            public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _inner.WriteAsync(buffer, cancellationToken);

            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                return _first.Length < Keep ? Record(buffer.Slice(0, read).ToArray(), 0, read) : read;
            }
#endif

            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                Record(buffer, offset, await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false));

            private int Record(byte[] buffer, int offset, int read)
            {
                if (read > 0 && _first.Length < Keep)
                {
                    var take = Math.Min(read, Keep - _first.Length);
                    var grown = new byte[_first.Length + take];
                    Buffer.BlockCopy(_first, 0, grown, 0, _first.Length);
                    Buffer.BlockCopy(buffer, offset, grown, _first.Length, take);
                    _first = grown;
                }
                return read;
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing) _inner.Dispose();
                base.Dispose(disposing);
            }
        }
    }

    /// <summary>Runs one operation with a time limit and the caller's cancellation.</summary>
    internal static class Bounded
    {
        /// <summary>
        /// Waits for the operation up to <paramref name="limit"/>. When it does not finish in time,
        /// <paramref name="abort"/> (closing the socket) ends it and the result is TimedOut; when the
        /// token is cancelled, the same, then OperationCanceledException. A failed operation is
        /// Failed with its exception.
        /// </summary>
        public static async Task<(WireEnd End, T Value, Exception? Failure)> RunAsync<T>(Task<T> operation, TimeSpan limit, Action abort, CancellationToken cancellationToken)
        {
            if (limit < TimeSpan.Zero) limit = TimeSpan.Zero;
            using (var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var first = await Task.WhenAny(operation, Task.Delay(limit, stopDelay.Token)).ConfigureAwait(false);
                if (first == operation)
                {
                    stopDelay.Cancel();
                    try
                    {
                        return (WireEnd.Done, await operation.ConfigureAwait(false), null);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        return (WireEnd.Failed, default!, e);
                    }
                }
                abort();
                try
                {
                    await operation.ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or AuthenticationException or InvalidOperationException or OperationCanceledException)
                {
                    // The abort made it fail: the timeout is the result.
                }
                cancellationToken.ThrowIfCancellationRequested();
                return (WireEnd.TimedOut, default!, null);
            }
        }
    }
}
