using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace VpsOrg.Snapshots;

/// <summary>
/// The VPS.org Snapshots API: list, create, restore and delete server snapshots.
/// Lifecycle helpers (wait, rotate, safe restore) are extension methods in <see cref="SnapshotsClientExtensions"/>.
/// </summary>
public interface ISnapshotsClient
{
    /// <summary>Lists snapshots, every page of them (<c>GET /api/v1/snapshots/</c>).</summary>
    /// <param name="serverId">Only this server's snapshots; <see langword="null"/> for all servers of the account.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>All snapshots, newest first, with the server's count.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="serverId"/> is zero or negative.</exception>
    /// <exception cref="VpsAuthenticationException">The token was refused (401/403).</exception>
    /// <exception cref="VpsRateLimitException">Rate limited past the retries (429).</exception>
    /// <exception cref="VpsServerException">The API failed past the retries (5xx).</exception>
    /// <exception cref="VpsApiException">Any other error or an unreadable response.</exception>
    /// <exception cref="HttpRequestException">The API could not be reached past the retries.</exception>
    /// <exception cref="TimeoutException">The call's <see cref="VpsSnapshotsOptions.Timeout"/> ran out.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<SnapshotList> ListAsync(long? serverId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts creating a snapshot (<c>POST /api/v1/snapshots/</c>); it is returned <c>in_progress</c>.
    /// Never creates two: when the outcome of an attempt is unknown, the server's snapshots are checked before any retry.
    /// </summary>
    /// <param name="request">The server and the snapshot's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new snapshot.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or its name is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The name is empty or has characters other than letters, digits, hyphens, underscores.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The server id is zero or negative.</exception>
    /// <exception cref="SnapshotLimitExceededException">The server already holds the maximum number of snapshots.</exception>
    /// <exception cref="VpsBadRequestException">The API rejected the request (400).</exception>
    /// <exception cref="VpsNotFoundException">The server does not exist (404).</exception>
    /// <exception cref="VpsAuthenticationException">The token was refused (401/403).</exception>
    /// <exception cref="VpsRateLimitException">Rate limited past the retries (429).</exception>
    /// <exception cref="VpsServerException">The API failed and no snapshot was found to have been created (5xx).</exception>
    /// <exception cref="VpsApiException">Any other error or an unreadable response.</exception>
    /// <exception cref="HttpRequestException">The API could not be reached.</exception>
    /// <exception cref="TimeoutException">The call's <see cref="VpsSnapshotsOptions.Timeout"/> ran out.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<Snapshot> CreateAsync(CreateSnapshotRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts restoring the snapshot's server from it (<c>POST /api/v1/snapshots/{id}/restore/</c>).
    /// Overwrites all data on the server and cannot be undone; see the safety-snapshot overload in <see cref="SnapshotsClientExtensions"/>.
    /// </summary>
    /// <param name="snapshotId">The snapshot to restore.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The API's restore result; the server is then <c>restoring</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="snapshotId"/> is zero or negative.</exception>
    /// <exception cref="VpsBadRequestException">The server is not in a state that allows a restore (400).</exception>
    /// <exception cref="VpsNotFoundException">The snapshot does not exist (404).</exception>
    /// <exception cref="VpsAuthenticationException">The token was refused (401/403).</exception>
    /// <exception cref="VpsRateLimitException">Rate limited past the retries (429).</exception>
    /// <exception cref="VpsServerException">The API failed (5xx).</exception>
    /// <exception cref="VpsApiException">Any other error or an unreadable response.</exception>
    /// <exception cref="HttpRequestException">The API could not be reached.</exception>
    /// <exception cref="TimeoutException">The call's <see cref="VpsSnapshotsOptions.Timeout"/> ran out.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<RestoreResult> RestoreAsync(long snapshotId, CancellationToken cancellationToken = default);

    /// <summary>Deletes a snapshot permanently (<c>DELETE /api/v1/snapshots/{id}/</c>).</summary>
    /// <param name="snapshotId">The snapshot to delete.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the snapshot is gone.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="snapshotId"/> is zero or negative.</exception>
    /// <exception cref="VpsNotFoundException">The snapshot does not exist (404 on the first attempt).</exception>
    /// <exception cref="VpsAuthenticationException">The token was refused (401/403).</exception>
    /// <exception cref="VpsRateLimitException">Rate limited past the retries (429).</exception>
    /// <exception cref="VpsServerException">The API failed past the retries (5xx).</exception>
    /// <exception cref="VpsApiException">Any other error.</exception>
    /// <exception cref="HttpRequestException">The API could not be reached past the retries.</exception>
    /// <exception cref="TimeoutException">The call's <see cref="VpsSnapshotsOptions.Timeout"/> ran out.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task DeleteAsync(long snapshotId, CancellationToken cancellationToken = default);
}
