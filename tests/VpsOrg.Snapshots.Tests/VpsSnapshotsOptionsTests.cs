namespace VpsOrg.Snapshots.Tests;

/// <summary>Every rule the options' validator holds: bad options are refused before anything is sent, naming the member.</summary>
public class VpsSnapshotsOptionsTests
{
    public static TheoryData<string, string, string> BadOptions() => new()
    {
        { "token with a space", "ApiToken", "whitespace or control characters" },
        { "relative address", "BaseAddress", "must be an absolute URI" },
        { "address with a query", "BaseAddress", "must not carry a query, a fragment or user info" },
        { "address with user info", "BaseAddress", "must not carry a query, a fragment or user info" },
        { "zero timeout", "Timeout", "Timeout must be positive" },
        { "base delay of two hours", "Retry.BaseDelay", "BaseDelay must be from 0 to 01:00:00" },
        { "max delay of two days", "Retry.MaxDelay", "MaxDelay must be from 0 to 1.00:00:00" },
        { "max delay below base delay", "Retry.MaxDelay", "MaxDelay must be at least BaseDelay" },
        { "negative attempt timeout", "Retry.AttemptTimeout", "AttemptTimeout must be positive" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Constructor_BadOption_IsRefusedNamingTheMember(string what, string member, string message)
    {
        var options = new VpsSnapshotsOptions { ApiToken = "t" };
        switch (what)
        {
            case "token with a space": options.ApiToken = "abc def"; break;
            case "relative address": options.BaseAddress = new Uri("/api/", UriKind.Relative); break;
            case "address with a query": options.BaseAddress = new Uri("https://admin.vps.org/?tenant=1"); break;
            case "address with user info": options.BaseAddress = new Uri("https://user:pw@admin.vps.org/"); break;
            case "zero timeout": options.Timeout = TimeSpan.Zero; break;
            case "base delay of two hours": options.Retry.BaseDelay = TimeSpan.FromHours(2); options.Retry.MaxDelay = TimeSpan.FromHours(3); break;
            case "max delay of two days": options.Retry.MaxDelay = TimeSpan.FromDays(2); break;
            case "max delay below base delay": options.Retry.BaseDelay = TimeSpan.FromSeconds(10); options.Retry.MaxDelay = TimeSpan.FromSeconds(5); break;
            case "negative attempt timeout": options.Retry.AttemptTimeout = TimeSpan.FromSeconds(-1); break;
        }

        var ex = Assert.Throws<ArgumentException>(() => new SnapshotsClient(options));

        Assert.Equal("options." + member, ex.ParamName);
        Assert.Contains(message, ex.Message);
        Assert.DoesNotContain("abc def", ex.Message);
    }

    [Fact]
    public void Constructor_InfiniteTimeouts_AreAccepted()
    {
        var options = new VpsSnapshotsOptions { ApiToken = "t", Timeout = Timeout.InfiniteTimeSpan };
        options.Retry.AttemptTimeout = Timeout.InfiniteTimeSpan;

        using var client = new SnapshotsClient(options);

        Assert.Equal(new Uri("https://admin.vps.org/"), client.BaseAddress);
    }
}
