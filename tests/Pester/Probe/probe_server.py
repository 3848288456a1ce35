"""A misbehaving (or well-behaved) HTTP target on 127.0.0.1 for the Test-AlbTargetEndpoint tests.

Usage: probe_server.py <idle_close_seconds> <health_code> [<ports>]
  Answers every request (health_code on /health, 200 elsewhere) with a framed body, keeps the
  connection alive, and closes it when it has been idle idle_close_seconds after a response
  (0: never). Listens on one port, or on <ports> ports (a fleet of targets), and prints them,
  comma-separated, on the first line of stdout; stops when stdin closes.
"""
import socket
import sys
import threading


def serve(conn, idle_close, health_code):
    conn.settimeout(None)
    buffer = b""
    answered = 0
    try:
        while True:
            while b"\r\n\r\n" not in buffer:
                # Like Node.js's keepAliveTimeout: the idle limit starts after a response.
                conn.settimeout(idle_close if (idle_close > 0 and answered > 0) else None)
                try:
                    data = conn.recv(4096)
                except socket.timeout:
                    return
                if not data:
                    return
                buffer += data
            head, buffer = buffer.split(b"\r\n\r\n", 1)
            path = head.split(b" ")[1]
            code = health_code if path == b"/health" else 200
            close = b"connection: close" in head.lower()
            body = b"ok" if code == 200 else b"no"
            conn.sendall(b"HTTP/1.1 %d %s\r\nContent-Length: %d\r\n%s\r\n%s" % (
                code, b"OK" if code == 200 else b"Other", len(body), b"Connection: close\r\n" if close else b"", body))
            answered += 1
            if close:
                return
    except OSError:
        pass
    finally:
        conn.close()


def main():
    idle_close = float(sys.argv[1])
    health_code = int(sys.argv[2])
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    listeners = []
    for _ in range(count):
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        listeners.append(listener)
    print(",".join(str(l.getsockname()[1]) for l in listeners), flush=True)

    def accept(listener):
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(conn, idle_close, health_code), daemon=True).start()

    for listener in listeners:
        threading.Thread(target=accept, args=(listener,), daemon=True).start()
    sys.stdin.read()  # until the test closes stdin
    for listener in listeners:
        listener.close()


if __name__ == "__main__":
    main()
