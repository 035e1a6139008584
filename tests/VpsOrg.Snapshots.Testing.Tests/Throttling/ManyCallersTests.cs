using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using VpsOrg.Snapshots.Tests.TestSupport;
using Xunit.Abstractions;

namespace VpsOrg.Snapshots.Testing.Tests.Throttling;

/// <summary>
/// SPEC section 7, "one client is one traffic source": many callers sharing one client (or one AddVpsSnapshots
/// registration) against the emulator throttling as DRF does, on fake time, with the requests counted.
/// </summary>
[Collection(TimingGroup.Name)]
public sealed class ManyCallersTests(ITestOutputHelper output)
{
    private const int Callers = 16;
    private const int ListsEach = 10;

    /// <summary>10 requests/s with bursts of 5: 160 requests take (160 - 5) / 10 = 15.5 s at the rate itself.</summary>
    private static readonly TimeSpan RateTime = TimeSpan.FromSeconds(15.5);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task SixteenCallersOnOneClient_AllSucceed_FewThrottled_NearTheRate()
    {
        await WarmUpAsync();
        var emulator = Throttled();
        using var client = emulator.CreateClient();
        var failures = 0;

        var took = await FakeTimeCrowd.RunAsync(_time, Callers, async _ =>
        {
            for (var i = 0; i < ListsEach; i++)
            {
                try
                {
                    await client.ListAsync(12345);
                }
                catch (VpsApiException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(2));

        AssertWithinTargets(emulator, took, failures);
    }

    [Fact]
    public async Task SixteenCallersThroughOneRegistration_ResolvedPerCall_ShareTheHold()
    {
        await WarmUpAsync();
        var emulator = Throttled();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddVpsSnapshots(o =>
        {
            o.ApiToken = emulator.Token;
            o.BaseAddress = SnapshotsEmulator.InMemoryBaseAddress;
        }).ConfigurePrimaryHttpMessageHandler(emulator.CreateHandler);
        using var provider = services.BuildServiceProvider();
        var failures = 0;

        var took = await FakeTimeCrowd.RunAsync(_time, Callers, async _ =>
        {
            for (var i = 0; i < ListsEach; i++)
            {
                try
                {
                    await provider.GetRequiredService<ISnapshotsClient>().ListAsync(12345);
                }
                catch (VpsApiException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(2));

        AssertWithinTargets(emulator, took, failures);
    }

    /// <summary>
    /// Runs the same paths once, unmeasured: a method compiled while the clock is driven would look like idle time to
    /// the driver (the first run in a process would otherwise pay for the JIT in fake seconds).
    /// </summary>
    private static async Task WarmUpAsync()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
        var emulator = new SnapshotsEmulator(new SnapshotsEmulatorOptions { TimeProvider = time, RateLimit = new EmulatorRateLimit(10, TimeSpan.FromSeconds(1), burst: 5) });
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddVpsSnapshots(o =>
        {
            o.ApiToken = emulator.Token;
            o.BaseAddress = SnapshotsEmulator.InMemoryBaseAddress;
        }).ConfigurePrimaryHttpMessageHandler(emulator.CreateHandler);
        using var provider = services.BuildServiceProvider();
        using var client = emulator.CreateClient();
        await FakeTimeCrowd.RunAsync(time, 8, async i =>
        {
            for (var n = 0; n < 4; n++)
            {
                await (i % 2 == 0 ? client : provider.GetRequiredService<ISnapshotsClient>()).ListAsync(12345);
            }
        }, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
    }

    private SnapshotsEmulator Throttled() => new(new SnapshotsEmulatorOptions
    {
        TimeProvider = _time,
        RateLimit = new EmulatorRateLimit(10, TimeSpan.FromSeconds(1), burst: 5),
    });

    private void AssertWithinTargets(SnapshotsEmulator emulator, TimeSpan took, int failures)
    {
        var requests = emulator.Requests;
        var throttled = requests.Count(r => r.StatusCode == 429);
        output.WriteLine($"{Callers} callers x {ListsEach} lists: {failures} failed, {requests.Count} requests, {throttled} answered 429 ({100.0 * throttled / requests.Count:0.0}%), {took.TotalSeconds:0.0} s of fake time (the rate's own time: {RateTime.TotalSeconds} s)");

        Assert.Equal(0, failures);
        Assert.Equal(Callers * ListsEach, requests.Count(r => r.StatusCode == 200));
        Assert.True(throttled <= 0.10 * requests.Count, $"{throttled} of {requests.Count} requests answered 429");

        // The SPEC's 1.3x of the rate's own time is a real-clock target, measured by the benchmarks project's
        // 'throttled' run; on fake time, how the clock is driven blurs it, so this only catches a pace that collapsed.
        Assert.True(took <= RateTime * 2, $"took {took.TotalSeconds:0.0} s");
    }
}
