using System.Collections.Generic;

namespace VpsOrg.Snapshots.Internal;

/// <summary>
/// A server's snapshots as one round saw them. <see cref="Complete"/> is false when they came from a list that shrank
/// between its pages: every snapshot shown is as the API said, but one may be missing (so absence proves nothing).
/// </summary>
internal sealed record ServerView(IReadOnlyList<Snapshot> Snapshots, bool Complete)
{
    /// <summary>A view of no snapshots, complete.</summary>
    public static ServerView Empty { get; } = new([], true);
}
