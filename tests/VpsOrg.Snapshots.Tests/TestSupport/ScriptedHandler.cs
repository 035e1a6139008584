using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace VpsOrg.Snapshots.Tests.TestSupport;

/// <summary>
/// The in-memory transport for sequence and fake-time tests: answers each request with the next scripted
/// response and records every request exactly as it reached the wire, with its arrival time on <see cref="Time"/>.
/// (Single-request contract tests use MockHttp instead; see CONTRIBUTING.md.)
/// </summary>
public sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _script = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly SemaphoreSlim _arrived = new(0);

    /// <summary>The clock requests are stamped with; tests drive it with <see cref="FakeTimeDriver"/>.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 16, 16, 15, 0, TimeSpan.Zero));

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    public ScriptedHandler Respond(HttpStatusCode status, string? json = null, string mediaType = "application/json", Action<HttpResponseMessage>? configure = null) =>
        Respond(_ =>
        {
            var response = new HttpResponseMessage(status);
            if (json is not null)
            {
                response.Content = new StringContent(json, Encoding.UTF8, mediaType);
            }

            configure?.Invoke(response);
            return response;
        });

    public ScriptedHandler Respond(Func<HttpRequestMessage, HttpResponseMessage> responder)
    {
        _script.Enqueue((request, _) => Task.FromResult(responder(request)));
        return this;
    }

    public ScriptedHandler RespondAsync(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> responder)
    {
        _script.Enqueue(responder);
        return this;
    }

    /// <summary>The next request never gets an answer; it ends only when its token is cancelled.</summary>
    public ScriptedHandler Hang() => RespondAsync(async (_, token) =>
    {
        await Task.Delay(Timeout.Infinite, token);
        throw new InvalidOperationException("unreachable");
    });

    /// <summary>Stamps a response with the server's clock, as a real server's <c>Date</c> header does.</summary>
    public static Action<HttpResponseMessage> ServerDate(DateTimeOffset now) => r => r.Headers.Date = now;

    public ScriptedHandler Throw(Exception exception)
    {
        _script.Enqueue((_, _) => Task.FromException<HttpResponseMessage>(exception));
        return this;
    }

    /// <summary>A connection refused before anything was sent, as SocketsHttpHandler reports it.</summary>
    public ScriptedHandler RefuseConnection() =>
        Throw(new HttpRequestException("Connection refused (admin.vps.org:443)", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused)));

    /// <summary>A connection lost after the request was sent: the server may have acted on it.</summary>
    public ScriptedHandler DropConnection() =>
        Throw(new HttpRequestException("An error occurred while sending the request.", new IOException("The response ended prematurely.")));

    /// <summary>Waits (bounded) until <paramref name="count"/> requests have arrived in total.</summary>
    public async Task WaitForRequestsAsync(int count)
    {
        while (Requests.Count < count)
        {
            if (!await _arrived.WaitAsync(TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException($"Expected {count} requests, saw {Requests.Count}.");
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var recorded = await RecordedRequest.FromAsync(request) with { At = Time.GetUtcNow(), Message = request };
        lock (_requests)
        {
            _requests.Add(recorded);
        }

        _arrived.Release();
        if (!_script.TryDequeue(out var next))
        {
            // Not 404: the SDK would turn that into VpsNotFoundException and hide a mis-scripted test.
            return new HttpResponseMessage(HttpStatusCode.NotImplemented)
            {
                Content = new StringContent("{\"detail\": \"no scripted response\"}", Encoding.UTF8, "application/json"),
            };
        }

        return await next(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _arrived.Dispose();
        }

        base.Dispose(disposing);
    }
}
