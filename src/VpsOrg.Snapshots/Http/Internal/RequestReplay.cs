using System;
using System.Collections.Generic;
using System.Net.Http;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>Gives each attempt of one request its own message with the same method, URI, headers and body bytes.</summary>
internal sealed class RequestReplay
{
    private readonly HttpRequestMessage _original;
    private readonly byte[]? _body;
    private List<HttpRequestMessage>? _clones;

    public RequestReplay(RetryHandler handler, HttpRequestMessage original, byte[]? body)
    {
        Handler = handler;
        _original = original;
        _body = body;
        var message = original as SnapshotsRequestMessage;
        Budget = message?.Budget;
        Record = message?.Record;
        Method = original.Method.Method;
        Path = original.RequestUri?.AbsolutePath ?? string.Empty;
    }

    public RetryHandler Handler { get; }

    /// <summary>What the call may still spend, when the request came from the SDK's client.</summary>
    public CallBudget? Budget { get; }

    /// <summary>Where the attempts and their outcomes are noted, when the request came from the SDK's client.</summary>
    public CallRecord? Record { get; }

    public string Method { get; }

    public string Path { get; }

    public int Attempt { get; private set; }

    public TimeSpan? NextDelay { get; set; }

    /// <summary>The first attempt's outcome, run before the retry loop; the loop takes it as its own first attempt.</summary>
    public Polly.Outcome<HttpResponseMessage>? First { get; set; }

    /// <summary>The first attempt's outcome once (the retry loop's first turn), then <see langword="null"/>.</summary>
    public Polly.Outcome<HttpResponseMessage>? TakeFirst()
    {
        var first = First;
        First = null;
        return first;
    }

    public HttpRequestMessage NextRequest()
    {
        Attempt++;
        if (Attempt == 1)
        {
            return _original;
        }

        var clone = new SnapshotsRequestMessage(_original.Method, _original.RequestUri, Budget, Record) { Version = _original.Version, Body = _body };
        foreach (var header in _original.Headers)
        {
            clone.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (_original.Content is { } template)
        {
            clone.Content = Copy(_body ?? [], template);
        }

        (_clones ??= []).Add(clone);
        return clone;
    }

    public void DisposeClones()
    {
        if (_clones is null)
        {
            return;
        }

        foreach (var clone in _clones)
        {
            clone.Dispose();
        }
    }

    private static ByteArrayContent Copy(byte[] body, HttpContent template)
    {
        var content = new ByteArrayContent(body);
        foreach (var header in template.Headers)
        {
            content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return content;
    }
}
