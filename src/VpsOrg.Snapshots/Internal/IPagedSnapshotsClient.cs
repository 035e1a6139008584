using System.Collections.Generic;
using System.Threading;

namespace VpsOrg.Snapshots.Internal;

/// <summary>Implemented by the SDK's clients that can fetch list pages one at a time.</summary>
internal interface IPagedSnapshotsClient
{
    IAsyncEnumerable<Snapshot> EnumerateAsync(long? serverId, CancellationToken cancellationToken);
}
