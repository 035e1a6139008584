using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;

namespace VpsOrg.Snapshots.Tests.TestSupport;

/// <summary>
/// A scripted API on RichardSzalay.MockHttp: queue responses, get a <see cref="SnapshotsClient"/> with the SDK's
/// full pipeline over it, and read back every request exactly as sent.
/// </summary>
public sealed class FakeApi : IDisposable
{
    public const string Token = "test-token-5f2b9c";
    public const string Base = "https://admin.vps.org";

    private readonly ConcurrentQueue<Func<HttpRequestMessage, HttpResponseMessage>> _script = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly SemaphoreSlim _arrived = new(0);

    public FakeApi()
    {
        Mock.Fallback.Respond(async request =>
        {
            var recorded = await RecordedRequest.FromAsync(request);
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

            return next(request);
        });
    }

    public MockHttpMessageHandler Mock { get; } = new();

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
        return new SnapshotsClient(Options, Mock, Logger, Time);
    }

    public FakeApi Respond(HttpStatusCode status, string? json = null, string mediaType = "application/json", Action<HttpResponseMessage>? configure = null)
    {
        _script.Enqueue(_ =>
        {
            var response = new HttpResponseMessage(status);
            if (json is not null)
            {
                response.Content = new StringContent(json, Encoding.UTF8, mediaType);
            }

            configure?.Invoke(response);
            return response;
        });
        return this;
    }

    public FakeApi Respond(Func<HttpRequestMessage, HttpResponseMessage> responder)
    {
        _script.Enqueue(responder);
        return this;
    }

    public FakeApi Throw(Exception exception)
    {
        _script.Enqueue(_ => throw exception);
        return this;
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

    /// <summary>
    /// Drives fake time forward in <paramref name="step"/>s until <paramref name="task"/> completes, letting the
    /// pipeline's continuations run between steps. Bounded, so a hung task fails the test instead of hanging it.
    /// </summary>
    public async Task<T> RunAsync<T>(Task<T> task, TimeSpan step, int maxSteps = 2000)
    {
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            await Settle(task);
            if (task.IsCompleted)
            {
                break;
            }

            Time.Advance(step);
        }

        return await task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async Task RunAsync(Task task, TimeSpan step, int maxSteps = 2000) =>
        await RunAsync(task.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default), step, maxSteps);

    private static async Task Settle(Task task)
    {
        // Lets thread-pool continuations of the previous step reach their next timer before time moves again.
        for (var spin = 0; spin < 20 && !task.IsCompleted; spin++)
        {
            await Task.Yield();
            Thread.Sleep(0);
        }

        await Task.WhenAny(task, Task.Delay(2));
    }

    public void Dispose()
    {
        Mock.Dispose();
        _arrived.Dispose();
    }
}
