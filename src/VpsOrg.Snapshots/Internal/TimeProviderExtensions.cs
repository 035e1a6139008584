using System;
using System.Threading;
using System.Threading.Tasks;

namespace VpsOrg.Snapshots.Internal;

/// <summary>Waits and timers on a <see cref="TimeProvider"/> on every target framework (the SDK's one clock per client).</summary>
internal static class TimeProviderExtensions
{
    public static Task DelayAsync(this TimeProvider timeProvider, TimeSpan delay, CancellationToken cancellationToken)
    {
#if NET8_0_OR_GREATER
        return Task.Delay(delay, timeProvider, cancellationToken);
#else
        return timeProvider.Delay(delay, cancellationToken);
#endif
    }
}
