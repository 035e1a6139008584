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
/// What one <c>AddVpsSnapshots</c> registration shares between every client it resolves and every handler chain the
/// factory builds: one throttle (one hold, one pace, one first wave), the create claims, and the client core, built
/// once per options instance (a configuration reload gives a new one, with the same throttle and claims).
/// </summary>
internal sealed class RegistrationCore
{
    private readonly string _name;
    private readonly CreateClaims _claims = new();
    private ClientThrottle? _throttle;
    private SnapshotsClientCore? _core;

    public RegistrationCore(string name)
    {
        _name = name;
    }

    public SnapshotsClientCore Get(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptionsMonitor<VpsSnapshotsOptions>>().Get(_name);
        var core = Volatile.Read(ref _core);
        if (core is not null && ReferenceEquals(core.Options, options))
        {
            return core;
        }

        var time = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<SnapshotsClient>();
        var metrics = services.GetRequiredService<SnapshotsMetrics>();
        VpsSnapshotsOptionsCustomValidator.ThrowIfInvalid(options);
        var throttle = Volatile.Read(ref _throttle) ?? new ClientThrottle(options.Throttling, options.Retry.BaseDelay, time, logger, metrics);
        throttle = Interlocked.CompareExchange(ref _throttle, throttle, null) ?? throttle;
        core = new SnapshotsClientCore(options, time, logger, metrics, throttle, _claims);
        Volatile.Write(ref _core, core);
        return core;
    }
}
