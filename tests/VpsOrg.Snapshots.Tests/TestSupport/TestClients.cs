using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace VpsOrg.Snapshots.Tests.TestSupport;

/// <summary>Builds a <see cref="SnapshotsClient"/> with the SDK's full pipeline over a test transport.</summary>
public static class TestClients
{
    public const string Token = "test-token-5f2b9c";
    public const string Base = "https://admin.vps.org";

    /// <summary>The test's options: the token above, the public API's address, then <paramref name="configure"/>.</summary>
    public static VpsSnapshotsOptions Options(Action<VpsSnapshotsOptions>? configure = null)
    {
        var options = new VpsSnapshotsOptions { ApiToken = Token, BaseAddress = new Uri(Base) };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>A client over <paramref name="api"/>, on its fake clock, logging to <paramref name="logger"/> when given.</summary>
    public static SnapshotsClient Create(ScriptedHandler api, Action<VpsSnapshotsOptions>? configure = null, FakeLogger<SnapshotsClient>? logger = null) =>
        new(Options(configure), api, logger ?? new FakeLogger<SnapshotsClient>(), api.Time);

    /// <summary>A client over any handler (MockHttp, a loopback socket) on the given clock.</summary>
    public static SnapshotsClient Create(HttpMessageHandler handler, Action<VpsSnapshotsOptions>? configure = null, TimeProvider? time = null) =>
        new(Options(configure), handler, null, time ?? new FakeTimeProvider());
}
