using System.Net.Http;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>Implemented by the SDK's own clients, so the lifecycle helpers can use what the client shares (its clock, paging, the poller).</summary>
internal interface ISdkClient
{
    SnapshotsClientCore Core { get; }

    /// <summary>The client's pipeline.</summary>
    HttpMessageInvoker Sender { get; }
}
