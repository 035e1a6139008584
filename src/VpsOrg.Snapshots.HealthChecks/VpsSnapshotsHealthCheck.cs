using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using VpsOrg.Snapshots.Http.Internal;

namespace VpsOrg.Snapshots.HealthChecks;

/// <summary>
/// Whether the VPS.org Snapshots API answers a client with its token: one small request (the first page of the list),
/// its result kept for <see cref="VpsSnapshotsHealthCheckOptions.CacheDuration"/>. A client the API is holding back
/// (a 429's <c>Retry-After</c>) reports <see cref="HealthStatus.Degraded"/> without sending; a rejected token (401,
/// 403) is <see cref="HealthStatus.Unhealthy"/> saying so; an API that is unreachable, times out or answers 5xx is
/// unhealthy too. The token is never in a description or in the data.
/// </summary>
public sealed class VpsSnapshotsHealthCheck : IHealthCheck
{
    private readonly Func<ISnapshotsClient> _client;
    private readonly VpsSnapshotsHealthCheckOptions _options;
    private readonly TimeProvider _time;
    private readonly KeptAnswer _kept;

    /// <summary>Creates a health check over the client <paramref name="client"/> gives each time it checks.</summary>
    /// <param name="client">Gives the client to check (resolved per check, as DI hands out clients).</param>
    /// <param name="options">How to ask and how long to keep an answer.</param>
    /// <param name="timeProvider">The clock for the cache and the timeout; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    public VpsSnapshotsHealthCheck(Func<ISnapshotsClient> client, VpsSnapshotsHealthCheckOptions options, TimeProvider? timeProvider = null)
        : this(client, options, timeProvider, new KeptAnswer())
    {
    }

    /// <summary>A check sharing the answer <paramref name="kept"/> with the other checks of its registration.</summary>
    internal VpsSnapshotsHealthCheck(Func<ISnapshotsClient> client, VpsSnapshotsHealthCheckOptions options, TimeProvider? timeProvider, KeptAnswer kept)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _kept = kept;
    }

    /// <summary>Checks the API (or gives the answer kept from less than <see cref="VpsSnapshotsHealthCheckOptions.CacheDuration"/> ago).</summary>
    /// <param name="context">The check's registration.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>Healthy, Degraded (held by a 429) or Unhealthy (rejected token, unreachable, timed out, 5xx).</returns>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_kept.Get(_time, _options.CacheDuration) is { } kept)
        {
            return kept;
        }

        var client = _client();
        if (client is ISdkClient sdk && sdk.Core.Throttle.HeldFor is { } held && held > TimeSpan.Zero)
        {
            // Asking now would only be throttled again: say so, send nothing, keep nothing.
            return HealthCheckResult.Degraded(
                $"The VPS.org Snapshots API is throttling this client: its calls are held for another {held.TotalSeconds:0.#} s.",
                data: new Dictionary<string, object> { ["held_seconds"] = Math.Round(held.TotalSeconds, 1) });
        }

        var result = await AskAsync(client, cancellationToken).ConfigureAwait(false);
        _kept.Set(result, _time.GetTimestamp());
        return result;
    }

    private async Task<HealthCheckResult> AskAsync(ISnapshotsClient client, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            // One request: the first page of the list, whatever it holds.
            var pages = client.ListAllAsync(cancellationToken: linked.Token).GetAsyncEnumerator(linked.Token);
            await using (pages.ConfigureAwait(false))
            {
                await pages.MoveNextAsync().ConfigureAwait(false);
            }

            var elapsed = _time.GetElapsedTime(started);
            return HealthCheckResult.Healthy(
                $"The VPS.org Snapshots API answered in {elapsed.TotalMilliseconds:0} ms.",
                new Dictionary<string, object> { ["elapsed_ms"] = Math.Round(elapsed.TotalMilliseconds) });
        }
        catch (VpsAuthenticationException ex)
        {
            return Unhealthy($"The VPS.org Snapshots API rejected the token ({ex.StatusCode}): check the configured ApiToken.", ex);
        }
        catch (VpsRateLimitException ex)
        {
            return HealthCheckResult.Degraded($"The VPS.org Snapshots API is throttling this client ({ex.StatusCode}).", data: Data(ex));
        }
        catch (VpsApiException ex)
        {
            return Unhealthy($"The VPS.org Snapshots API answered {ex.StatusCode} ({ex.GetType().Name}).", ex);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Unhealthy($"The VPS.org Snapshots API did not answer within {_options.Timeout.TotalSeconds:0.#} s.", null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException)
        {
            return Unhealthy($"The VPS.org Snapshots API could not be reached ({ex.GetType().Name}).", null);
        }
    }

    private static HealthCheckResult Unhealthy(string description, VpsApiException? error) =>
        HealthCheckResult.Unhealthy(description, data: error is null ? null : Data(error));

    /// <summary>What a failure may say: its status and request id, never a message (which may quote a body).</summary>
    private static Dictionary<string, object> Data(VpsApiException error)
    {
        var data = new Dictionary<string, object> { ["status_code"] = error.StatusCode };
        if (error.RequestId is { } requestId)
        {
            data["request_id"] = requestId;
        }

        return data;
    }

    /// <summary>The last answer and when it was had, shared by the checks of one registration (each run resolves its own check).</summary>
    internal sealed class KeptAnswer
    {
        private readonly object _gate = new();
        private (HealthCheckResult Result, long At)? _last;

        public HealthCheckResult? Get(TimeProvider time, TimeSpan period)
        {
            lock (_gate)
            {
                return _last is { } last && time.GetElapsedTime(last.At) < period ? last.Result : null;
            }
        }

        public void Set(HealthCheckResult result, long at)
        {
            lock (_gate)
            {
                _last = (result, at);
            }
        }
    }
}
