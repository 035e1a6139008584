using System;
using System.Net.Http;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// A request that carries its call's <see cref="CallBudget"/> and <see cref="CallRecord"/> down to the SDK's
/// handlers, without the per-request dictionary that <c>HttpRequestMessage.Options</c> would allocate.
/// </summary>
internal sealed class SnapshotsRequestMessage : HttpRequestMessage
{
    public SnapshotsRequestMessage(HttpMethod method, Uri? requestUri, CallBudget? budget, CallRecord? record)
        : base(method, requestUri)
    {
        Budget = budget;
        Record = record;
    }

    /// <summary>What the call may still spend (read by the retry handler).</summary>
    public CallBudget? Budget { get; }

    /// <summary>Where the handlers note what happened (attempts, outcomes, tokens sent).</summary>
    public CallRecord? Record { get; }

    /// <summary>The bytes of <see cref="HttpRequestMessage.Content"/>, when the client built it, so a retry can resend them without reading the content back.</summary>
    public byte[]? Body { get; init; }
}
