using System;
using System.Threading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VpsOrg.Snapshots.Diagnostics;
using VpsOrg.Snapshots.Http.Internal;
using VpsOrg.Snapshots.Internal;

namespace VpsOrg.Snapshots.DependencyInjection.Internal;

/// <summary>
/// What one <c>AddVpsSnapshots</c> registration shares between every client it resolves: the create claims, the
/// throttle (one hold and one pace), and
/// the client core, built once per options instance (a configuration reload gives a new one), so a resolve per
/// request neither validates the options again nor rebuilds the send path.
/// </summary>
internal sealed class RegistrationCore
{
    private readonly string _name;
    private SnapshotsClientCore? _core;
    private ClientThrottle? _throttle;

    public RegistrationCore(string name)
    {
        _name = name;
    }

    public CreateClaims Claims { get; } = new();

    /// <summary>The registration's one throttle, shared by every handler chain the factory builds (it rotates them) and so by every client it resolves.</summary>
    public ClientThrottle Throttle(IServiceProvider services)
    {
        var throttle = Volatile.Read(ref _throttle);
        if (throttle is not null)
        {
            return throttle;
        }

        throttle = SnapshotsPipeline.CreateThrottle(
            Options(services),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger<SnapshotsClient>(),
            services.GetRequiredService<SnapshotsMetrics>());
        return Interlocked.CompareExchange(ref _throttle, throttle, null) ?? throttle;
    }

    public VpsSnapshotsOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptionsMonitor<VpsSnapshotsOptions>>().Get(_name);

    public SnapshotsClientCore Get(IServiceProvider services)
    {
        var options = Options(services);
        var core = Volatile.Read(ref _core);
        if (core is not null && ReferenceEquals(core.Options, options))
        {
            return core;
        }

        core = new SnapshotsClientCore(
            VpsSnapshotsOptionsCustomValidator.ThrowIfInvalid(options),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger<SnapshotsClient>(),
            services.GetRequiredService<SnapshotsMetrics>(),
            pipelineAuthenticates: true,
            Claims);
        Volatile.Write(ref _core, core);
        return core;
    }
}
