using Microsoft.Extensions.Time.Testing;
using VpsOrg.Snapshots.Emulator;
using VpsOrg.Snapshots.Tests.TestSupport;
using Xunit.Abstractions;

namespace VpsOrg.Snapshots.Testing.Tests.Throttling;

/// <summary>The shared hold and pacing over real sockets, against the Kestrel emulator with a rate limit, on fake time.</summary>
[Collection(TimingGroup.Name)]
public sealed class LoopbackThrottleTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
    private EmulatorHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await EmulatorHost.StartAsync(new SnapshotsEmulator(new SnapshotsEmulatorOptions
        {
            TimeProvider = _time,
            RateLimit = EmulatorSettings.Parse(["--rate-limit", "10/s", "--rate-limit-burst", "5"]).Options.RateLimit,
        }));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ManyCallersOverLoopback_AllSucceed_AndTheApiIsSpared()
    {
        using var client = new SnapshotsClient(new VpsSnapshotsOptions { BaseAddress = _host.BaseAddress, ApiToken = _host.Emulator.Token }, null, _time);
        var failures = 0;

        var took = await FakeTimeCrowd.RunAsync(_time, 8, async _ =>
        {
            for (var i = 0; i < 10; i++)
            {
                try
                {
                    await client.ListAsync(12345);
                }
                catch (Exception ex) when (ex is VpsApiException or HttpRequestException or TimeoutException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(2));

        var requests = _host.Emulator.Requests;
        var throttled = requests.Count(r => r.StatusCode == 429);
        output.WriteLine($"8 callers x 10 lists over loopback: {failures} failed, {requests.Count} requests, {throttled} answered 429, {took.TotalSeconds:0.0} s of fake time");
        Assert.Equal(0, failures);
        Assert.Equal(80, requests.Count(r => r.StatusCode == 200));
        Assert.True(throttled <= 0.15 * requests.Count, $"{throttled} of {requests.Count} answered 429");
    }
}
