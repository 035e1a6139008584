using System;
using System.Collections.Generic;
using System.Net.Http;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// A request of the SDK's, carrying its <see cref="Call"/> down to the <see cref="RetryHandler"/>, and the bytes of its
/// body so a retry sends them again: each attempt after the first is a fresh copy (same method, URI, headers and body),
/// disposed with this message.
/// </summary>
internal sealed class SnapshotsRequestMessage : HttpRequestMessage
{
    private readonly byte[]? _body;
    private List<HttpRequestMessage>? _copies;

    public SnapshotsRequestMessage(HttpMethod method, Uri requestUri, Call call, byte[]? body)
        : base(method, requestUri)
    {
        Call = call;
        _body = body;
    }

    public Call Call { get; }

    /// <summary>The path, for log lines and messages (computed when one asks).</summary>
    public string Path => RequestUri!.AbsolutePath;

    /// <summary>This request's attempt number (1 for the first).</summary>
    public int Attempt { get; private set; }

    /// <summary>The message for the next attempt (this one first, then copies), noted in the call's record.</summary>
    public HttpRequestMessage NextAttempt()
    {
        Attempt++;
        var message = Attempt == 1 ? this : Copy();
        Call.Record.Sending(Method.Method, RequestUri!);
        return message;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var copy in _copies ?? [])
            {
                copy.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private HttpRequestMessage Copy()
    {
        var copy = new HttpRequestMessage(Method, RequestUri) { Version = Version };
        foreach (var header in Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (Content is { } template)
        {
            copy.Content = new ByteArrayContent(_body ?? []);
            foreach (var header in template.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        (_copies ??= []).Add(copy);
        return copy;
    }
}
