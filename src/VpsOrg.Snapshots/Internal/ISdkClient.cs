using System.Net.Http;

namespace VpsOrg.Snapshots.Internal;

/// <summary>Implemented by the SDK's own clients, so the lifecycle helpers can use what the client shares (paging, metrics).</summary>
internal interface ISdkClient
{
    SnapshotsClientCore Core { get; }

    HttpClient Http { get; }
}
