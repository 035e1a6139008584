using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Http.Internal;

namespace VpsOrg.Snapshots.DependencyInjection.Internal;

/// <summary>
/// The client DI hands out: a factory <see cref="HttpClient"/> (the SDK's pipeline over the factory's pooled handler)
/// over the registration's shared <see cref="SnapshotsClientCore"/>. Not <c>IDisposable</c>, so the container does not
/// keep every transient instance alive until it is disposed (the factory owns the handlers).
/// </summary>
internal sealed class FactorySnapshotsClient(HttpClient http, SnapshotsClientCore core) : ISnapshotsClient, ISdkClient
{
    SnapshotsClientCore ISdkClient.Core => core;

    HttpMessageInvoker ISdkClient.Sender => http;

    public Task<SnapshotList> ListAsync(long? serverId = null, CancellationToken cancellationToken = default) =>
        core.ListAsync(http, serverId, cancellationToken);

    public Task<Snapshot> CreateAsync(CreateSnapshotRequest request, CancellationToken cancellationToken = default) =>
        core.CreateAsync(http, request, cancellationToken);

    public Task<RestoreResult> RestoreAsync(long snapshotId, CancellationToken cancellationToken = default) =>
        core.RestoreAsync(http, snapshotId, cancellationToken);

    public Task DeleteAsync(long snapshotId, CancellationToken cancellationToken = default) =>
        core.DeleteAsync(http, snapshotId, cancellationToken);

    public override string ToString() => $"SnapshotsClient {{ BaseAddress = {core.Rest.BaseAddress} }}";
}
