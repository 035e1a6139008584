using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace VpsOrg.Snapshots.Tests.TestSupport;

/// <summary>
/// A scripted API: queue responses, get a <see cref="SnapshotsClient"/> with the SDK's
/// full pipeline over it, and read back every request exactly as sent.
/// </summary>
public sealed class FakeApi : IDisposable
{
    public const string Token = "test-token-5f2b9c";
    public const string Base = "https://admin.vps.org";

    private readonly ConcurrentQueue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _script = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly SemaphoreSlim _arrived = new(0);

    public FakeApi()
    {
        Handler = new ScriptHandler(this);
    }

    /// <summary>The in-memory transport: answers each request with the next scripted response.</summary>
    public HttpMessageHandler Handler { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 16, 16, 15, 0, TimeSpan.Zero));

    public FakeLogger<SnapshotsClient> Logger { get; } = new();

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

    public VpsSnapshotsOptions Options { get; } = new() { ApiToken = Token, BaseAddress = new Uri(Base) };

    public SnapshotsClient CreateClient(Action<VpsSnapshotsOptions>? configure = null)
    {
        configure?.Invoke(Options);
        return new SnapshotsClient(Options, Handler, Logger, Time);
    }

    public FakeApi Respond(HttpStatusCode status, string? json = null, string mediaType = "application/json", Action<HttpResponseMessage>? configure = null)
    {
        return Respond(_ =>
        {
            var response = new HttpResponseMessage(status);
            if (json is not null)
            {
                response.Content = new StringContent(json, Encoding.UTF8, mediaType);
            }

            configure?.Invoke(response);
            return response;
        });
    }

    public FakeApi Respond(Func<HttpRequestMessage, HttpResponseMessage> responder)
    {
        _script.Enqueue((request, _) => Task.FromResult(responder(request)));
        return this;
    }

    public FakeApi RespondAsync(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> responder)
    {
        _script.Enqueue(responder);
        return this;
    }

    /// <summary>The next request never gets an answer; it ends only when its token is cancelled.</summary>
    public FakeApi Hang() => RespondAsync(async (_, token) =>
    {
        await Task.Delay(Timeout.Infinite, token);
        throw new InvalidOperationException("unreachable");
    });

    /// <summary>Stamps a response with the server's clock, as a real server's <c>Date</c> header does.</summary>
    public static Action<HttpResponseMessage> ServerDate(DateTimeOffset now) => r => r.Headers.Date = now;

    public FakeApi Throw(Exception exception)
    {
        _script.Enqueue((_, _) => Task.FromException<HttpResponseMessage>(exception));
        return this;
    }

    /// <summary>A connection refused before anything was sent, as SocketsHttpHandler reports it.</summary>
    public FakeApi RefuseConnection() =>
        Throw(new HttpRequestException("Connection refused (admin.vps.org:443)", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused)));

    /// <summary>A connection lost after the request was sent: the server may have acted on it.</summary>
    public FakeApi DropConnection() =>
        Throw(new HttpRequestException("An error occurred while sending the request.", new IOException("The response ended prematurely.")));

    private async Task<HttpResponseMessage> DispatchAsync(HttpRequestMessage request, CancellationToken token)
    {
        var recorded = await RecordedRequest.FromAsync(request) with { At = Time.GetUtcNow(), Message = request };
        lock (_requests)
        {
            _requests.Add(recorded);
        }

        _arrived.Release();
        if (!_script.TryDequeue(out var next))
        {
            return new HttpResponseMessage(HttpStatusCode.NotImplemented)
            {
                Content = new StringContent("{\"detail\": \"no scripted response\"}", Encoding.UTF8, "application/json"),
            };
        }

        return await next(request, token);
    }

    private sealed class ScriptHandler(FakeApi api) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            api.DispatchAsync(request, cancellationToken);
    }

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

    /// <summary>Drives fake time until <paramref name="task"/> completes (see <see cref="FakeTimeDriver"/>).</summary>
    public Task<T> RunAsync<T>(Task<T> task, TimeSpan step, int maxSteps = 2000) => Time.DriveAsync(task, step, maxSteps);

    public async Task RunAsync(Task task, TimeSpan step, int maxSteps = 2000) =>
        await RunAsync(task.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default), step, maxSteps);

    public void Dispose()
    {
        Handler.Dispose();
        _arrived.Dispose();
    }
}
