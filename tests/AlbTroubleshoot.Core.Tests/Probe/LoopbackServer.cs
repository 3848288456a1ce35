using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AlbTroubleshoot.Tests.Probe
{
    /// <summary>
    /// A real TCP server on 127.0.0.1 with a scripted behaviour per connection (a correct keep-alive
    /// server, one that closes idle connections early, one that sends a malformed response, ...),
    /// started by a test and stopped when disposed. Optionally TLS with a self-signed certificate,
    /// limited protocol versions and ALPN protocols.
    /// </summary>
    internal sealed class LoopbackServer : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly Func<Connection, Task> _handler;
        private readonly TlsOptions? _tls;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentBag<TcpClient> _clients = new ConcurrentBag<TcpClient>();
        private readonly Task _acceptLoop;
        private int _open;
        private int _maxOpen;

        public LoopbackServer(Func<Connection, Task> handler, TlsOptions? tls = null)
        {
            _handler = handler;
            _tls = tls;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _acceptLoop = Task.Run(AcceptLoopAsync);
        }

        public int Port { get; }

        /// <summary>Every request head the server read, in arrival order.</summary>
        public ConcurrentQueue<string> Requests { get; } = new ConcurrentQueue<string>();

        /// <summary>The most connections open at the same time.</summary>
        public int MaxConcurrentConnections => Volatile.Read(ref _maxOpen);

        public int Connections { get; private set; }

        private async Task AcceptLoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }
                _clients.Add(client);
                Connections++;
                var open = Interlocked.Increment(ref _open);
                InterlockedMax(ref _maxOpen, open);
                _ = Task.Run(async () =>
                {
                    try
                    {
                        Stream stream = client.GetStream();
                        if (_tls is not null)
                        {
                            var ssl = new SslStream(stream, false);
                            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                            {
                                ServerCertificate = _tls.Certificate,
                                EnabledSslProtocols = _tls.Protocols,
                                ApplicationProtocols = _tls.Alpn,
                            }, _stop.Token);
                            stream = ssl;
                        }
                        await _handler(new Connection(this, client, stream, _stop.Token));
                    }
                    catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or AuthenticationException)
                    {
                        // The probe went away or the test ended: nothing to do.
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _open);
                        client.Dispose();
                    }
                });
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            foreach (var c in _clients) c.Dispose();
            try { _acceptLoop.Wait(TimeSpan.FromSeconds(2)); } catch (AggregateException) { }
            _stop.Dispose();
        }

        /// <summary>A port that nothing listens on (bound, then released): connections to it are refused.</summary>
        public static int ClosedPort()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            var port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }

        internal sealed class TlsOptions
        {
            public X509Certificate2 Certificate { get; init; } = SelfSigned.Value;
            public SslProtocols Protocols { get; init; } = SslProtocols.Tls12 | SslProtocols.Tls13;
            public List<SslApplicationProtocol>? Alpn { get; init; }
        }

        /// <summary>One self-signed certificate for every TLS test server (the ALB does not validate target certificates).</summary>
        public static readonly Lazy<X509Certificate2> SelfSigned = new Lazy<X509Certificate2>(() =>
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=probe-test.invalid", key, HashAlgorithmName.SHA256);
            using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            // Re-import so the private key is usable by SslStream on every platform.
            return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
        });

        /// <summary>One accepted connection, with helpers to script it.</summary>
        internal sealed class Connection
        {
            private readonly LoopbackServer _server;
            private readonly byte[] _buffer = new byte[65536];
            private int _count;

            public Connection(LoopbackServer server, TcpClient client, Stream stream, CancellationToken stop)
            {
                _server = server;
                Client = client;
                Stream = stream;
                Stop = stop;
            }

            public TcpClient Client { get; }
            public Stream Stream { get; }
            public CancellationToken Stop { get; }

            /// <summary>Reads one request head (up to the empty line); null when the peer closed first.</summary>
            public async Task<string?> ReadRequestAsync()
            {
                while (true)
                {
                    var text = Encoding.ASCII.GetString(_buffer, 0, _count);
                    var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                    if (end >= 0)
                    {
                        var head = text[..end];
                        var used = end + 4; // ASCII: one byte per character
                        Buffer.BlockCopy(_buffer, used, _buffer, 0, _count - used);
                        _count -= used;
                        _server.Requests.Enqueue(head);
                        return head;
                    }
                    var n = await Stream.ReadAsync(_buffer.AsMemory(_count), Stop);
                    if (n == 0) return null;
                    _count += n;
                }
            }

            /// <summary>Reads exactly this many bytes (the HTTP/2 preface); false when the peer closed first.</summary>
            public async Task<byte[]?> ReadBytesAsync(int count)
            {
                while (_count < count)
                {
                    var n = await Stream.ReadAsync(_buffer.AsMemory(_count), Stop);
                    if (n == 0) return null;
                    _count += n;
                }
                var bytes = _buffer.AsSpan(0, count).ToArray();
                Buffer.BlockCopy(_buffer, count, _buffer, 0, _count - count);
                _count -= count;
                return bytes;
            }

            public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

            public async Task SendAsync(byte[] bytes)
            {
                await Stream.WriteAsync(bytes, Stop);
                await Stream.FlushAsync(Stop);
            }

            /// <summary>Waits until the peer closes, or the test ends (a server that never answers).</summary>
            public async Task WaitForPeerCloseAsync()
            {
                var sink = new byte[1024];
                while (await Stream.ReadAsync(sink, Stop) > 0) { }
            }

            /// <summary>Closes with RST instead of FIN.</summary>
            public void Reset()
            {
                Client.LingerState = new LingerOption(true, 0);
                Client.Client.Close();
            }
        }
    }
}
