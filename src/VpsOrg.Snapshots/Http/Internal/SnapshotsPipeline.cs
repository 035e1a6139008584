using System;
using System.Collections.Generic;
using System.Net.Http;
using Microsoft.Extensions.Logging;
using VpsOrg.Snapshots.Diagnostics;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>Builds the SDK's handler chain (retry, auth) and its primary handler; the one builder for the constructor and DI.</summary>
internal static class SnapshotsPipeline
{
    /// <summary>
    /// The SDK's handlers, outermost first: retries around each attempt (which reads the body in full, so the attempt
    /// timeout covers it), then the token set on each attempt (so a rotated one is picked up on retry).
    /// </summary>
    public static IEnumerable<DelegatingHandler> CreateHandlers(VpsSnapshotsOptions options, ClientThrottle throttle, TimeProvider timeProvider, ILogger? logger, SnapshotsMetrics metrics)
    {
        yield return new RetryHandler(options.Retry, timeProvider, logger, metrics, throttle: throttle);
        yield return new AuthenticationHandler(new BearerTokenSource(options));
    }

    /// <summary>The SDK's handlers chained over <paramref name="primary"/>.</summary>
    public static HttpMessageHandler Create(VpsSnapshotsOptions options, HttpMessageHandler primary, ILogger? logger, TimeProvider timeProvider, SnapshotsMetrics metrics)
    {
        DelegatingHandler? outer = null;
        DelegatingHandler? last = null;
        foreach (var handler in CreateHandlers(options, CreateThrottle(options, timeProvider, logger, metrics), timeProvider, logger, metrics))
        {
            if (last is null)
            {
                outer = handler;
            }
            else
            {
                last.InnerHandler = handler;
            }

            last = handler;
        }

        last!.InnerHandler = primary;
        return outer!;
    }

    /// <summary>The throttle one client (or one registration) shares between all its calls.</summary>
    public static ClientThrottle CreateThrottle(VpsSnapshotsOptions options, TimeProvider timeProvider, ILogger? logger, SnapshotsMetrics metrics) =>
        new(options.Throttling, options.Retry.BaseDelay, timeProvider, logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, metrics);

    /// <summary>
    /// The primary handler the SDK builds: pooled connections renewed every 5 minutes (DNS changes), and no redirects,
    /// so nothing (a body, a delete) is ever sent to another host. Compressed answers are decompressed by
    /// <see cref="ResponseBuffer"/> as they are read (the handler's own decompression parses headers on every request).
    /// </summary>
    public static HttpMessageHandler CreatePrimaryHandler()
    {
#if NET8_0_OR_GREATER
        return new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
        };
#else
        return new HttpClientHandler
        {
            AllowAutoRedirect = false,
        };
#endif
    }
}
