using System;
using System.Collections.Generic;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using VpsOrg.Snapshots;
using VpsOrg.Snapshots.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the VPS.org Snapshots health check to <c>AddHealthChecks()</c>.</summary>
public static class VpsSnapshotsHealthChecksBuilderExtensions
{
    /// <summary>The health check's default name.</summary>
    public const string DefaultName = "vps-snapshots";

    /// <summary>
    /// Checks the API through the <see cref="ISnapshotsClient"/> that <c>AddVpsSnapshots</c> registered (the keyed one
    /// named <paramref name="clientName"/>, when given), with one small request whose result is kept for
    /// <see cref="VpsSnapshotsHealthCheckOptions.CacheDuration"/>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="clientName">The name given to <c>AddVpsSnapshots(name, ...)</c>; the default client when <see langword="null"/>.</param>
    /// <param name="name">The health check's name; <c>vps-snapshots</c> (or <c>vps-snapshots-&lt;clientName&gt;</c>) when <see langword="null"/>.</param>
    /// <param name="configure">Sets how to ask and how long to keep an answer.</param>
    /// <param name="tags">Tags for filtering the checks (readiness, liveness).</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IHealthChecksBuilder AddVpsSnapshots(
        this IHealthChecksBuilder builder,
        string? clientName = null,
        string? name = null,
        Action<VpsSnapshotsHealthCheckOptions>? configure = null,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new VpsSnapshotsHealthCheckOptions();
        configure?.Invoke(options);

        // Each run gets a check over its own scope's services; the kept answer is the registration's, outliving the runs.
        var kept = new VpsSnapshotsHealthCheck.KeptAnswer();
        return builder.Add(new HealthCheckRegistration(
            name ?? (clientName is null ? DefaultName : DefaultName + "-" + clientName),
            services => new VpsSnapshotsHealthCheck(
                () => clientName is null ? services.GetRequiredService<ISnapshotsClient>() : services.GetRequiredKeyedService<ISnapshotsClient>(clientName),
                options,
                services.GetService<TimeProvider>(),
                kept),
            failureStatus: HealthStatus.Unhealthy,
            tags,
            timeout: options.Timeout + TimeSpan.FromSeconds(1)));
    }
}
