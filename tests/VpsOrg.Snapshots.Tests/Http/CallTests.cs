using Microsoft.Extensions.Time.Testing;
using VpsOrg.Snapshots.Http.Internal;

namespace VpsOrg.Snapshots.Tests.Http;

/// <summary>What a call may spend (<see cref="VpsSnapshotsOptions.Timeout"/>), on fake time: what is left, whether a wait fits, and how long an attempt may run.</summary>
public sealed class CallTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly HttpMessageInvoker _sender = new(new HttpClientHandler());

    public void Dispose() => _sender.Dispose();

    private Call Call(TimeSpan timeout) => new(_sender, _time, timeout, CancellationToken.None);

    [Fact]
    public void Remaining_CountsDownToZero_AndThenTheCallHasRunOut()
    {
        var timeout = Call(TimeSpan.FromSeconds(10));

        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(TimeSpan.FromSeconds(6), timeout.Remaining);
        Assert.False(timeout.RanOut);

        _time.Advance(TimeSpan.FromSeconds(7));
        Assert.Equal(TimeSpan.Zero, timeout.Remaining);
        Assert.True(timeout.RanOut);
    }

    [Fact]
    public void NoTimeout_NeverRunsOut_AndEveryWaitFits()
    {
        var timeout = Call(Timeout.InfiniteTimeSpan);
        _time.Advance(TimeSpan.FromDays(3));

        Assert.Equal(Timeout.InfiniteTimeSpan, timeout.Remaining);
        Assert.False(timeout.RanOut);
        Assert.True(timeout.CanWait(TimeSpan.FromDays(1)));
        Assert.Equal(TimeSpan.FromSeconds(30), timeout.AttemptLimit(TimeSpan.FromSeconds(30), out var endsTheCall));
        Assert.False(endsTheCall);
    }

    [Fact]
    public void CanWait_OnlyAWaitThatLeavesTimeForAnAttempt()
    {
        var timeout = Call(TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.True(timeout.CanWait(TimeSpan.FromSeconds(4.9)));
        Assert.False(timeout.CanWait(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void AttemptLimit_IsTheAttemptTimeout_UntilWhatIsLeftOfTheCallIsLess()
    {
        var timeout = Call(TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(4), timeout.AttemptLimit(TimeSpan.FromSeconds(4), out var first));
        _time.Advance(TimeSpan.FromSeconds(7));
        Assert.Equal(TimeSpan.FromSeconds(3), timeout.AttemptLimit(TimeSpan.FromSeconds(4), out var later));
        Assert.Equal(TimeSpan.FromSeconds(3), timeout.AttemptLimit(TimeSpan.FromSeconds(3), out var together));
        Assert.Equal(TimeSpan.FromSeconds(3), timeout.AttemptLimit(Timeout.InfiniteTimeSpan, out var noAttemptTimeout));

        Assert.False(first);
        Assert.True(later);
        Assert.True(together); // ending together, the call's Timeout is what ran out
        Assert.True(noAttemptTimeout);
    }

    [Fact]
    public void Exceeded_SaysWhichLimitAndHowManyAttempts()
    {
        var timeout = Call(TimeSpan.FromSeconds(2.5));
        for (var i = 0; i < 3; i++)
        {
            timeout.Record.Sending("GET", new Uri("https://admin.vps.org/api/v1/snapshots/"));
        }

        var ex = timeout.Exceeded("GET", "/api/v1/snapshots/");

        Assert.Equal("VPS.org GET /api/v1/snapshots/ did not complete within its Timeout of 2.5 s (VpsSnapshotsOptions.Timeout) after 3 attempt(s).", ex.Message);
    }
}
