using Microsoft.Extensions.DependencyInjection;

namespace VpsOrg.Snapshots.Tests.TestSupport;

/// <summary>Clients for a <see cref="LoopbackServer"/> with the handlers the SDK builds itself: owned, and through <c>AddVpsSnapshots</c>; retries a few milliseconds apart.</summary>
public static class LoopbackClients
{
    public static SnapshotsClient Owned(Uri baseAddress, Action<VpsSnapshotsOptions>? configure = null)
    {
        var options = new VpsSnapshotsOptions { BaseAddress = baseAddress, ApiToken = TestClients.Token, Timeout = TimeSpan.FromSeconds(20) };
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
        configure?.Invoke(options);
        return new SnapshotsClient(options);
    }

    public static ISnapshotsClient FromDi(Uri baseAddress)
    {
        var services = new ServiceCollection();
        services.AddVpsSnapshots(o =>
        {
            o.BaseAddress = baseAddress;
            o.ApiToken = TestClients.Token;
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
            o.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
        });
        return services.BuildServiceProvider().GetRequiredService<ISnapshotsClient>();
    }
}
