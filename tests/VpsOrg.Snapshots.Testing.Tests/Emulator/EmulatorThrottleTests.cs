using VpsOrg.Snapshots.Emulator;

namespace VpsOrg.Snapshots.Testing.Tests.Emulator;

/// <summary>The emulator's rate limit answers as Django REST Framework's throttle does.</summary>
public sealed class EmulatorThrottleTests
{
    [Fact]
    public async Task OverTheRate_Answers429WithRetryAfterInWholeSecondsAndDrfsDetail()
    {
        using var fx = new EmulatorFixture(o => o.RateLimit = EmulatorRateLimit.Parse("2/s"));

        var first = await fx.SendAsync(HttpMethod.Get, "/api/v1/snapshots/");
        var second = await fx.SendAsync(HttpMethod.Get, "/api/v1/snapshots/");
        var (status, body) = await fx.SendAsync(HttpMethod.Get, "/api/v1/snapshots/");
        var record = fx.Emulator.Requests[^1];

        Assert.Equal((200, 200), (first.Status, second.Status));
        Assert.Equal(429, status);
        Assert.Equal("Request was throttled. Expected available in 1 second.", body.GetProperty("detail").GetString());
        Assert.Equal(429, record.StatusCode);
        Assert.Equal("1", fx.LastHeaders["Retry-After"]);
    }

    [Fact]
    public async Task ALongerWait_IsRoundedUpAndPlural()
    {
        using var fx = new EmulatorFixture(o => o.RateLimit = EmulatorRateLimit.Parse("1/m"));
        await fx.SendAsync(HttpMethod.Get, "/api/v1/snapshots/");
        fx.Time.Advance(TimeSpan.FromSeconds(0.5));

        var (status, body) = await fx.SendAsync(HttpMethod.Get, "/api/v1/snapshots/");

        Assert.Equal(429, status);
        Assert.Equal("Request was throttled. Expected available in 60 seconds.", body.GetProperty("detail").GetString());
        Assert.Equal("60", fx.LastHeaders["Retry-After"]);
    }

    [Fact]
    public async Task TheBucketRefillsAtTheRate_AndUnauthenticatedRequestsAreNotCounted()
    {
        using var fx = new EmulatorFixture(o => o.RateLimit = new EmulatorRateLimit(10, TimeSpan.FromSeconds(1), burst: 1));

        var unauthorized = await fx.SendAsync(HttpMethod.Get, "/api/v1/snapshots/", token: "wrong");
        var allowed = await fx.SendAsync(HttpMethod.Get, "/api/v1/snapshots/");
        var refused = await fx.SendAsync(HttpMethod.Get, "/api/v1/snapshots/");
        fx.Time.Advance(TimeSpan.FromMilliseconds(100));
        var refilled = await fx.SendAsync(HttpMethod.Get, "/api/v1/snapshots/");

        Assert.Equal([401, 200, 429, 200], new[] { unauthorized.Status, allowed.Status, refused.Status, refilled.Status });
    }

    [Theory]
    [InlineData("10/s", 10, 1)]
    [InlineData("600/min", 600, 60)]
    [InlineData("1000/h", 1000, 3600)]
    [InlineData("5000/day", 5000, 86400)]
    public void Parse_ReadsDrfRates(string rate, int requests, int seconds)
    {
        var limit = EmulatorRateLimit.Parse(rate);

        Assert.Equal(requests, limit.Requests);
        Assert.Equal(TimeSpan.FromSeconds(seconds), limit.Period);
        Assert.Equal(requests, limit.Burst);
    }

    [Theory]
    [InlineData("10")]
    [InlineData("ten/s")]
    [InlineData("0/s")]
    [InlineData("10/w")]
    [InlineData("10/")]
    public void Parse_RefusesWhatIsNotNumPeriod(string rate) =>
        Assert.Throws<FormatException>(() => EmulatorRateLimit.Parse(rate));

    [Fact]
    public void ToolOptions_RateLimitAndBurst()
    {
        var settings = EmulatorSettings.Parse(["--rate-limit", "10/s", "--rate-limit-burst", "5"]);

        Assert.Equal("10/s burst 5", settings.Options.RateLimit!.ToString());
        Assert.Throws<ArgumentException>(() => EmulatorSettings.Parse(["--rate-limit", "fast"]));
        Assert.Throws<ArgumentException>(() => EmulatorSettings.Parse(["--rate-limit-burst", "5"]));
    }
}
