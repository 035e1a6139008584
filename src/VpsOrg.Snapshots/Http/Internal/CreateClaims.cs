using System;
using System.Collections.Concurrent;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// The snapshots that creates on one client (or one named DI registration) have already handed out, so a
/// reconciliation never gives a caller a snapshot that another caller's create made.
/// </summary>
internal sealed class CreateClaims
{
    /// <summary>Claims older than this can no longer match a reconciliation and are forgotten.</summary>
    private static readonly TimeSpan Horizon = TimeSpan.FromHours(1);
    private const int PruneAbove = 256;

    private readonly ConcurrentDictionary<long, DateTimeOffset> _claimed = new();

    /// <summary>Takes <paramref name="snapshotId"/> for one caller; <see langword="false"/> when it was already handed out.</summary>
    public bool TryClaim(long snapshotId, DateTimeOffset now)
    {
        if (!_claimed.TryAdd(snapshotId, now))
        {
            return false;
        }

        if (_claimed.Count > PruneAbove)
        {
            foreach (var claim in _claimed)
            {
                if (now - claim.Value > Horizon)
                {
                    _claimed.TryRemove(claim.Key, out _);
                }
            }
        }

        return true;
    }

    public bool IsClaimed(long snapshotId) => _claimed.ContainsKey(snapshotId);
}
