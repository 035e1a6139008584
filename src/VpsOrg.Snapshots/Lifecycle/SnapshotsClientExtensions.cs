using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Internal;

namespace VpsOrg.Snapshots;

/// <summary>
/// The snapshot lifecycle on top of the four calls, for any <see cref="ISnapshotsClient"/>: wait for a snapshot,
/// stream a long list, rotate or prune old snapshots within the 5-per-server limit, and restore with a safety
/// snapshot that can undo the restore.
/// </summary>
public static partial class SnapshotsClientExtensions
{
    private static IEnumerable<Snapshot> Newest(IEnumerable<Snapshot> snapshots) =>
        snapshots.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id);
}
