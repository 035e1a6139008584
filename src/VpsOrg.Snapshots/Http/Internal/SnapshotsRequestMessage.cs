using System;
using System.Net.Http;
using System.Text.Json.Serialization.Metadata;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// A request that carries its call's <see cref="CallContext"/> and how to decode its success body to the SDK's
/// handlers, without the per-request dictionary that <c>HttpRequestMessage.Options</c> would allocate.
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

    /// <summary>Decodes a success body; the retry handler runs it inside each attempt.</summary>
    public IResponseDecoder? Decoder { get; init; }

    /// <summary>The type the success body decodes to; <see langword="null"/> when the body is not read.</summary>
    public JsonTypeInfo? DecodeAs { get; init; }

    /// <summary>The decoded success body, when a handler already read it within the attempt.</summary>
    public object? Decoded { get; set; }

    /// <summary>The error body, when a handler already read it within the attempt.</summary>
    public string? ErrorBody { get; set; }
}

/// <summary>Reads a response's body within the attempt: a success body into the type the request expects, an error body as text.</summary>
internal interface IResponseDecoder
{
    System.Threading.Tasks.ValueTask<object?> DecodeAsync(HttpResponseMessage response, SnapshotsRequestMessage request, System.Threading.CancellationToken cancellationToken);

    System.Threading.Tasks.ValueTask<string> ReadErrorAsync(HttpResponseMessage response, System.Threading.CancellationToken cancellationToken);
}
