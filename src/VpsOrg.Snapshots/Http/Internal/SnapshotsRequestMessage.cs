using System;
using System.Net.Http;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// A request that carries its call's <see cref="CallTimeout"/> and <see cref="CallRecord"/> down to the
/// <see cref="RetryHandler"/>, and the bytes of its body so a retry can send them again.
/// </summary>
internal sealed class SnapshotsRequestMessage : HttpRequestMessage
{
    public SnapshotsRequestMessage(HttpMethod method, Uri requestUri, CallTimeout timeout, CallRecord record, byte[]? body)
        : base(method, requestUri)
    {
        Timeout = timeout;
        Record = record;
        Body = body;
    }

    /// <summary>What the call may still spend.</summary>
    public CallTimeout Timeout { get; }

    /// <summary>Where the retry handler notes what happened.</summary>
    public CallRecord Record { get; }

    /// <summary>The bytes of <see cref="HttpRequestMessage.Content"/>, or <see langword="null"/> for a request without one.</summary>
    public byte[]? Body { get; }
}
