using System;
using System.Threading.Tasks;

namespace AlbTroubleshoot.Tests.Probe
{
    /// <summary>The behaviours of the test servers: well-behaved and misbehaving targets.</summary>
    internal static class ProbeServers
    {
        /// <summary>
        /// A keep-alive HTTP/1.1 server: answers every request (healthCode on healthPath, 200
        /// elsewhere) with a framed body, honours Connection: close, and closes a connection left
        /// idle after a response for <paramref name="idleClose"/> (null: never, it waits for the peer).
        /// </summary>
        public static Func<LoopbackServer.Connection, Task> KeepAlive(TimeSpan? idleClose, string healthPath = "/health", int healthCode = 200) =>
            async c =>
            {
                for (var answered = 0; ; answered++)
                {
                    var read = c.ReadRequestAsync();
                    // Like Node.js's keepAliveTimeout, the idle limit starts after a response, not before the first request.
                    if (idleClose.HasValue && answered > 0 && await Task.WhenAny(read, Task.Delay(idleClose.Value, c.Stop)) != read) return;
                    var head = await read;
                    if (head is null) return;
                    var path = head.Split(' ')[1];
                    var code = path == healthPath ? healthCode : 200;
                    var body = code == 200 ? "ok" : "no";
                    var close = head.Contains("Connection: close", StringComparison.OrdinalIgnoreCase);
                    await c.SendAsync($"HTTP/1.1 {code} {(code == 200 ? "OK" : "Not Found")}\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\n" +
                                      (close ? "Connection: close\r\n" : string.Empty) + "\r\n" + body);
                    if (close) return;
                }
            };

        /// <summary>
        /// Reads a request, sends these bytes as they are, then closes at once (<paramref name="thenClose"/>)
        /// or keeps the connection open for <paramref name="holdSeconds"/> (so that a probe waiting
        /// for more, or for the idle close, is not kept waiting long).
        /// </summary>
        public static Func<LoopbackServer.Connection, Task> Raw(string response, bool thenClose = false, double holdSeconds = 0.3) =>
            async c =>
            {
                if (await c.ReadRequestAsync() is null) return;
                await c.SendAsync(response);
                if (thenClose) return;
                var peer = c.WaitForPeerCloseAsync();
                await Task.WhenAny(peer, Task.Delay(TimeSpan.FromSeconds(holdSeconds), c.Stop));
            };

        /// <summary>Accepts, reads the request, and never answers.</summary>
        public static Func<LoopbackServer.Connection, Task> NeverAnswers() => c => c.WaitForPeerCloseAsync();

        /// <summary>Accepts and resets the connection at once.</summary>
        public static Func<LoopbackServer.Connection, Task> ResetOnAccept() =>
            c =>
            {
                c.Reset();
                return Task.CompletedTask;
            };

        /// <summary>A plain HTTP server that answers whatever arrives (a TLS ClientHello, an HTTP/2 preface) with 400 and closes.</summary>
        public static Func<LoopbackServer.Connection, Task> PlainHttpBadRequest() =>
            async c =>
            {
                var buffer = new byte[4096];
                if (await c.Stream.ReadAsync(buffer, c.Stop) == 0) return;
                await c.SendAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            };

        /// <summary>
        /// An HTTP/2 server (prior knowledge, or over TLS with ALPN h2): reads the client preface,
        /// sends its SETTINGS, and after <paramref name="idleClose"/> sends GOAWAY and closes.
        /// </summary>
        public static Func<LoopbackServer.Connection, Task> Http2(TimeSpan idleClose) =>
            async c =>
            {
                var preface = await c.ReadBytesAsync(24 + 9);
                if (preface is null || System.Text.Encoding.ASCII.GetString(preface, 0, 3) != "PRI") return;
                await c.SendAsync(new byte[] { 0, 0, 0, 4, 0, 0, 0, 0, 0 });
                await Task.Delay(idleClose, c.Stop);
                await c.SendAsync(new byte[] { 0, 0, 8, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 });
            };
    }
}
