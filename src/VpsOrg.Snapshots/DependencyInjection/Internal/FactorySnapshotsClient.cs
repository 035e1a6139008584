using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots;
using VpsOrg.Snapshots.Internal;

namespace VpsOrg.Snapshots.DependencyInjection.Internal;

/// <summary>
/// The typed client DI hands out: a factory <see cref="HttpClient"/> over the registration's shared
/// <see cref="SnapshotsClientCore"/>. Not <c>IDisposable</c>, so the container does not keep every transient
/// instance alive until it is disposed (the factory owns the handlers).
/// </summary>
internal sealed class FactorySnapshotsClient : ISnapshotsClient, ISdkClient
{
    private readonly HttpClient _http;
    private readonly SnapshotsClientCore _core;

    public FactorySnapshotsClient(HttpClient http, SnapshotsClientCore core)
    {
        _http = http;
        _core = core;
    }

    SnapshotsClientCore ISdkClient.Core => _core;

    HttpClient ISdkClient.Http => _http;

    public Task<SnapshotList> ListAsync(long? serverId = null, CancellationToken cancellationToken = default) =>
        _core.ListAsync(_http, serverId, cancellationToken);

    public Task<Snapshot> CreateAsync(CreateSnapshotRequest request, CancellationToken cancellationToken = default) =>
        _core.CreateAsync(_http, request, cancellationToken);

    public Task<RestoreResult> RestoreAsync(long snapshotId, CancellationToken cancellationToken = default) =>
        _core.RestoreAsync(_http, snapshotId, cancellationToken);

    public Task DeleteAsync(long snapshotId, CancellationToken cancellationToken = default) =>
        _core.DeleteAsync(_http, snapshotId, cancellationToken);

    public override string ToString() => $"SnapshotsClient {{ BaseAddress = {_core.Rest.BaseAddress} }}";
}
