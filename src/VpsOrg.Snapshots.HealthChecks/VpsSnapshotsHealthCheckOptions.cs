using System;

namespace VpsOrg.Snapshots.HealthChecks;

/// <summary>How the VPS.org Snapshots health check asks and how long it keeps an answer.</summary>
public sealed class VpsSnapshotsHealthCheckOptions
{
    /// <summary>How long one answer is kept: checks within it send nothing, so probes never hammer a rate-limited API.</summary>
    /// <value>Defaults to 30 seconds.</value>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the one request may take before the API counts as unreachable.</summary>
    /// <value>Defaults to 5 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
