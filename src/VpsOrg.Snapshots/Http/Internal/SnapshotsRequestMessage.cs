using System;
using System.Net.Http;

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

    /// <summary>How the success body decodes, typed; <see langword="null"/> when the body is not read.</summary>
    public BodyDecoder? BodyDecoder { get; init; }

    /// <summary>What a handler already read within the attempt: the decoded success body, or the error body's text.</summary>
    public object? ReadInAttempt { get; set; }
}

/// <summary>Reads a response's body within the attempt: a success body into the type the request expects, an error body as text.</summary>
internal interface IResponseDecoder
{
    System.Threading.Tasks.ValueTask<object?> DecodeAsync(HttpResponseMessage response, SnapshotsRequestMessage request, System.Threading.CancellationToken cancellationToken);

    System.Threading.Tasks.ValueTask<string> ReadErrorAsync(HttpResponseMessage response, System.Threading.CancellationToken cancellationToken);
}

/// <summary>Decodes a success body into one record type (one instance per type), generic all the way to the serializer.</summary>
internal abstract class BodyDecoder
{
    public abstract System.Threading.Tasks.ValueTask<object?> DecodeObjectAsync(SnapshotsRestClient rest, HttpResponseMessage response, SnapshotsRequestMessage request, System.Threading.CancellationToken cancellationToken);
}

/// <summary>The decoder of one record type.</summary>
internal sealed class BodyDecoder<T>(System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) : BodyDecoder
    where T : class
{
    public System.Threading.Tasks.ValueTask<T> DecodeAsync(SnapshotsRestClient rest, HttpResponseMessage response, SnapshotsRequestMessage request, System.Threading.CancellationToken cancellationToken) =>
        rest.DecodeAsync(response, request, typeInfo, cancellationToken);

    public override async System.Threading.Tasks.ValueTask<object?> DecodeObjectAsync(SnapshotsRestClient rest, HttpResponseMessage response, SnapshotsRequestMessage request, System.Threading.CancellationToken cancellationToken) =>
        await rest.DecodeAsync(response, request, typeInfo, cancellationToken).ConfigureAwait(false);
}

/// <summary>The decoders of the API's three answers.</summary>
internal static class BodyDecoders
{
    public static readonly BodyDecoder<Serialization.SnapshotPage> Page = new(Serialization.SnapshotsJsonContext.Default.SnapshotPage);

    public static readonly BodyDecoder<Snapshot> Snapshot = new(Serialization.SnapshotsJsonContext.Default.Snapshot);

    public static readonly BodyDecoder<RestoreResult> Restore = new(Serialization.SnapshotsJsonContext.Default.RestoreResult);
}
