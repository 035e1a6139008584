using System;

namespace VpsOrg.Snapshots.Testing;

/// <summary>How a <see cref="SnapshotsEmulator"/> behaves: its token, clock, delays and page size.</summary>
public sealed class SnapshotsEmulatorOptions
{
    /// <summary>The bearer token the emulator accepts.</summary>
    /// <value>Defaults to <c>emulator-token</c>.</value>
    public string Token { get; set; } = SnapshotsEmulator.DefaultToken;

    /// <summary>The clock behind <c>created_at</c>, completion and restores; pass a <c>FakeTimeProvider</c> in tests.</summary>
    /// <value>Defaults to <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How long a new snapshot stays <c>in_progress</c> before it is <c>completed</c>.</summary>
    /// <value>Defaults to 3 seconds.</value>
    public TimeSpan CompletionDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a restore holds its server in <c>restoring</c> (another restore then gives 400).</summary>
    /// <value>Defaults to 5 seconds.</value>
    public TimeSpan RestoreDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many snapshots one list page holds before a <c>next</c> link.</summary>
    /// <value>Defaults to 100.</value>
    public int PageSize { get; set; } = 100;

    /// <summary>The most snapshots one server may hold (the API's limit).</summary>
    /// <value>Defaults to 5.</value>
    public int MaxSnapshotsPerServer { get; set; } = SnapshotRules.MaxSnapshotsPerServer;

    /// <summary>
    /// How fast the emulator lets requests through (checked after authentication, as DRF does); over it, 429 with
    /// <c>Retry-After</c> and DRF's <c>detail</c>. <see langword="null"/> for no limit.
    /// </summary>
    public EmulatorRateLimit? RateLimit { get; set; }

    /// <summary>
    /// How many requests the log keeps (<see cref="SnapshotsEmulator.Requests"/>): the latest ones, the oldest dropped
    /// and counted (<see cref="SnapshotsEmulator.RequestsDropped"/>); 0 keeps none. <see langword="null"/> keeps every
    /// one, as a test that counts every request wants; the emulator tool keeps 10,000 (it may run for days).
    /// </summary>
    /// <value>Defaults to <see langword="null"/> (every request).</value>
    public int? RequestLogLimit { get; set; }

    /// <summary>Whether to start with the seed page's world (servers 12345 and 67890, snapshots 801 and 798).</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool SeedWorld { get; set; } = true;
}
