using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace VpsOrg.Snapshots.Tests.TestSupport;

/// <summary>
/// A raw HTTP/1.1 server on 127.0.0.1 for what only a real socket shows: redirects, connections closed before an
/// answer (and .NET's own connection-pool resends), bodies that stall mid-way. Each request gets the next
/// <see cref="LoopbackAction"/> from the script; nothing is sent beyond loopback.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<LoopbackRequest, LoopbackAction> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<LoopbackRequest> _requests = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;

    public LoopbackServer(Func<LoopbackRequest, LoopbackAction> script)
    {
        _script = script;
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri BaseAddress { get; }

    public IReadOnlyList<LoopbackRequest> Requests => _requests.ToArray();

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await Task.WhenAll([_accepting, .. _connections]).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var connectionId = 0;
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            var id = ++connectionId;
            lock (_connections)
            {
                _connections.Add(ServeAsync(client, id));
            }
        }
    }

    private async Task ServeAsync(TcpClient client, int connectionId)
    {
        using (client)
        {
            var stream = client.GetStream();
            var reader = new RequestReader(stream);
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var request = await reader.ReadAsync(connectionId, _stop.Token);
                    if (request is null)
                    {
                        return;
                    }

                    _requests.Enqueue(request);
                    var action = _script(request);
                    if (action.Bytes is { Length: > 0 } bytes)
                    {
                        await stream.WriteAsync(bytes, _stop.Token);
                        await stream.FlushAsync(_stop.Token);
                    }

                    if (action.Stall)
                    {
                        await Task.Delay(Timeout.Infinite, _stop.Token);
                    }

                    if (action.Close)
                    {
                        client.Client.Shutdown(SocketShutdown.Both);
                        return;
                    }
                }
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
            }
            catch (IOException)
            {
            }
            catch (SocketException)
            {
            }
        }
    }

    private sealed class RequestReader(NetworkStream stream)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _filled;

        public async Task<LoopbackRequest?> ReadAsync(int connectionId, CancellationToken token)
        {
            int end;
            while ((end = IndexOfHeaderEnd()) < 0)
            {
                var read = await stream.ReadAsync(_buffer.AsMemory(_filled), token);
                if (read == 0)
                {
                    return null;
                }

                _filled += read;
            }

            var head = Encoding.ASCII.GetString(_buffer, 0, end);
            var lines = head.Split("\r\n");
            var start = lines[0].Split(' ');
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':');
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }

            var length = headers.TryGetValue("Content-Length", out var raw) ? int.Parse(raw, System.Globalization.CultureInfo.InvariantCulture) : 0;
            var consumed = end + 4;
            while (_filled - consumed < length)
            {
                var read = await stream.ReadAsync(_buffer.AsMemory(_filled), token);
                if (read == 0)
                {
                    return null;
                }

                _filled += read;
            }

            var body = Encoding.UTF8.GetString(_buffer, consumed, length);
            consumed += length;
            Buffer.BlockCopy(_buffer, consumed, _buffer, 0, _filled - consumed);
            _filled -= consumed;
            return new LoopbackRequest(start[0], start[1], headers, body, connectionId);
        }

        private int IndexOfHeaderEnd()
        {
            for (var i = 0; i + 3 < _filled; i++)
            {
                if (_buffer[i] == '\r' && _buffer[i + 1] == '\n' && _buffer[i + 2] == '\r' && _buffer[i + 3] == '\n')
                {
                    return i;
                }
            }

            return -1;
        }
    }
}

/// <summary>A request as the loopback server read it off the socket.</summary>
public sealed record LoopbackRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, string Body, int ConnectionId)
{
    public string? Authorization => Headers.TryGetValue("Authorization", out var value) ? value : null;
}

/// <summary>What the loopback server does with one request: bytes to write, then keep the connection, close it, or stall.</summary>
public sealed record LoopbackAction(byte[]? Bytes, bool Close = false, bool Stall = false)
{
    public static LoopbackAction Json(int status, string json, string? extraHeaders = null) =>
        new(Response(status, json, extraHeaders));

    public static LoopbackAction NoContent() => new(Encoding.ASCII.GetBytes("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"));

    public static LoopbackAction Redirect(int status, string location) =>
        new(Encoding.ASCII.GetBytes($"HTTP/1.1 {status} Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n"));

    /// <summary>Reads the request, then closes the connection without a byte of answer.</summary>
    public static LoopbackAction CloseWithoutAnswer() => new(null, Close: true);

    /// <summary>Sends the headers and the first half of the body, then nothing: a body that stalls mid-way.</summary>
    public static LoopbackAction StallMidBody(int status, string json)
    {
        var full = Response(status, json, null);
        return new(full.AsSpan(0, full.Length - (Encoding.UTF8.GetByteCount(json) / 2)).ToArray(), Stall: true);
    }

    /// <summary>An answer whose body is given as bytes (a compressed one, say), with the headers that describe it.</summary>
    public static LoopbackAction Raw(int status, byte[] body, string extraHeaders) => new(Response(status, body, extraHeaders));

    private static byte[] Response(int status, string json, string? extraHeaders) => Response(status, Encoding.UTF8.GetBytes(json), extraHeaders);

    private static byte[] Response(int status, byte[] body, string? extraHeaders)
    {
        var head = $"HTTP/1.1 {status} Status\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n{extraHeaders}\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. body];
    }
}
