using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots;
using VpsOrg.Snapshots.Diagnostics;
using VpsOrg.Snapshots.Internal;

namespace VpsOrg.Snapshots.DependencyInjection.Internal;

/// <summary>
/// The typed client DI hands out: a <see cref="SnapshotsClient"/> over a factory <c>HttpClient</c>. Not
/// <c>IDisposable</c>, so the container does not keep every transient instance alive until it is disposed
/// (the factory owns the handlers).
/// </summary>
internal sealed class FactorySnapshotsClient : ISnapshotsClient, IPagedSnapshotsClient, IMetricsSource
{
    private readonly SnapshotsClient _inner;

    public FactorySnapshotsClient(SnapshotsClient inner)
    {
        _inner = inner;
    }

    public Task<SnapshotList> ListAsync(long? serverId = null, CancellationToken cancellationToken = default) =>
        _inner.ListAsync(serverId, cancellationToken);

    public Task<Snapshot> CreateAsync(CreateSnapshotRequest request, CancellationToken cancellationToken = default) =>
        _inner.CreateAsync(request, cancellationToken);

    public Task<RestoreResult> RestoreAsync(long snapshotId, CancellationToken cancellationToken = default) =>
        _inner.RestoreAsync(snapshotId, cancellationToken);

    public Task DeleteAsync(long snapshotId, CancellationToken cancellationToken = default) =>
        _inner.DeleteAsync(snapshotId, cancellationToken);

    IAsyncEnumerable<Snapshot> IPagedSnapshotsClient.EnumerateAsync(long? serverId, CancellationToken cancellationToken) =>
        ((IPagedSnapshotsClient)_inner).EnumerateAsync(serverId, cancellationToken);

    SnapshotsMetrics IMetricsSource.Metrics => ((IMetricsSource)_inner).Metrics;

    public override string ToString() => _inner.ToString();
}
