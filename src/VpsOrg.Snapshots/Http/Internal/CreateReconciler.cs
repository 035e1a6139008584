using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using VpsOrg.Snapshots.Diagnostics;
using VpsOrg.Snapshots.Errors.Internal;
using VpsOrg.Snapshots.Internal;
using VpsOrg.Snapshots.Serialization;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// Makes a create happen exactly once: when an attempt's outcome is unknown it lists the server's snapshots for
/// the one this call made, and resends only when there is none; it also confirms a reworded limit 400 by the
/// server's own count.
/// </summary>
internal sealed class CreateReconciler
{
    /// <summary>Allowance for the one-second precision of <c>Date</c> and <c>created_at</c> when matching a create on the server's clock.</summary>
    private static readonly TimeSpan ServerClockSlack = TimeSpan.FromSeconds(2);

    /// <summary>Used instead of the server's clock when no response carried a <c>Date</c> header.</summary>
    private static readonly TimeSpan UnknownClockSkew = TimeSpan.FromMinutes(2);

    private readonly SnapshotsRestClient _rest;
    private readonly Func<Call, long, Task<IReadOnlyList<Snapshot>>> _listServer;
    private readonly CreateClaims _claims;
    private readonly VpsRetryOptions _retry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SnapshotsMetrics _metrics;

    public CreateReconciler(SnapshotsRestClient rest, Func<Call, long, Task<IReadOnlyList<Snapshot>>> listServer, CreateClaims claims, VpsRetryOptions retry, TimeProvider time, ILogger logger, SnapshotsMetrics metrics)
    {
        _metrics = metrics;
        _rest = rest;
        _listServer = listServer;
        _claims = claims;
        _retry = retry;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Sends the create; when its outcome is unknown (a 5xx, a timeout, a dropped connection after sending), looks for
    /// the snapshot it may have made and returns that, and sends it again only when there is none: at most
    /// <see cref="VpsRetryOptions.MaxRetries"/> times, <see cref="VpsRetryOptions.BaseDelay"/> apart, within the call's time.
    /// (Transient failures where the create certainly did not take effect are retried below, by the retry handler.)
    /// </summary>
    public async Task<Snapshot> CreateAsync(Call call, CreateSnapshotRequest request)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, SnapshotsJsonContext.Default.CreateSnapshotRequest);
        for (var resend = 0; ; resend++)
        {
            try
            {
                var created = await _rest.SendAsync(call, HttpMethod.Post, _rest.Collection, body, SnapshotsJsonContext.Default.Snapshot).ConfigureAwait(false);
                _claims.TryClaim(created.Id, _time.GetUtcNow());
                return created;
            }
            catch (VpsBadRequestException ex) when (ex is not SnapshotLimitExceededException && !ApiErrorFactory.IsFieldError(ex) && !call.Ended)
            {
                // A 400 that names no field may be the limit reworded: the server's own count says.
                var count = (await _listServer(call, request.ServerId).ConfigureAwait(false)).Count;
                if (count >= SnapshotRules.MaxSnapshotsPerServer)
                {
                    throw ApiErrorFactory.AsLimit(ex, count);
                }

                throw;
            }
            catch (Exception ex) when (!call.Ended && call.Record.LastOutcome == OutcomeKind.Unknown)
            {
                Log.CreateOutcomeUnknown(_logger, request.Name, request.ServerId, Log.Describe(ex));
                var found = await FindCreatedAsync(call, request).ConfigureAwait(false);
                _metrics.Reconciled(found is not null);
                if (found is not null)
                {
                    Log.CreateReconciled(_logger, request.Name, request.ServerId, found.Id);
                    return found;
                }

                if (resend >= _retry.MaxRetries || !call.CanWait(_retry.BaseDelay))
                {
                    throw;
                }

                await _time.DelayAsync(_retry.BaseDelay, call.Token).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The snapshot that a create whose outcome is unknown made, if it made one: same server and name, created
    /// since this call began on the server's clock (from the <c>Date</c> header), allowing for one-second precision,
    /// and not already handed to another caller of this client.
    /// </summary>
    private async Task<Snapshot?> FindCreatedAsync(Call call, CreateSnapshotRequest request)
    {
        var list = await _listServer(call, request.ServerId).ConfigureAwait(false);
        var since = call.Record.ServerTimeAtStart is { } serverStart
            ? serverStart - ServerClockSlack
            : _time.GetUtcNow() - call.Elapsed - UnknownClockSkew;
        var candidates = SnapshotRules.NewestFirst(
            list.Where(s => s.Server.Id == request.ServerId && string.Equals(s.Name, request.Name, StringComparison.Ordinal) && s.CreatedAt >= since));
        foreach (var candidate in candidates)
        {
            if (_claims.TryClaim(candidate.Id, _time.GetUtcNow()))
            {
                return candidate;
            }
        }

        return null;
    }
}
