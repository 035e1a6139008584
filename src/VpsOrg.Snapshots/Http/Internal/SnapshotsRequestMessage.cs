using System;
using System.Net.Http;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// A request that carries its call's <see cref="CallContext"/> to the SDK's handlers, without the per-request
/// dictionary that <c>HttpRequestMessage.Options</c> would allocate.
/// </summary>
internal sealed class SnapshotsRequestMessage : HttpRequestMessage
{
    public SnapshotsRequestMessage(HttpMethod method, Uri? requestUri, CallContext? call)
        : base(method, requestUri)
    {
        Call = call;
    }

    public CallContext? Call { get; }

    /// <summary>The bytes of <see cref="HttpRequestMessage.Content"/>, when the client built it, so a retry can resend them without reading the content back.</summary>
    public byte[]? Body { get; init; }
}
