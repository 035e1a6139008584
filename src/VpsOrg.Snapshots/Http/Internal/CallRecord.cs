using System;
using System.Threading;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// What happened to one call, written only by the <see cref="RetryHandler"/> (every request of every client goes
/// through it) and read by the client after the pipeline returns: the attempts sent and what the last one may have
/// done, its status, the server's clock, and the tokens sent (so text quoted back is redacted).
/// </summary>
internal sealed class CallRecord
{
    private int _attempts;
    private int _mayHaveTakenEffect;
    private int _lastOutcome;
    private string? _lastMethod;
    private Uri? _lastUri;
    private string? _lastPath;
    private string[]? _sentTokens;

    /// <summary>How many attempts were sent in this call (every request of the call together: pages, reconciliation lists, resends).</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Whether any attempt of the call may have been carried out by the server (its outcome is not known to be a refusal).</summary>
    public bool MayHaveTakenEffect => Volatile.Read(ref _mayHaveTakenEffect) != 0;

    /// <summary>What the latest attempt's outcome says: final, certainly not applied, or of unknown effect.</summary>
    public OutcomeKind LastOutcome => (OutcomeKind)Volatile.Read(ref _lastOutcome);

    public string? LastMethod => Volatile.Read(ref _lastMethod);

    /// <summary>The path and query of the latest request, computed when a log line or an exception asks.</summary>
    public string? LastPath => _lastPath ??= Volatile.Read(ref _lastUri)?.PathAndQuery;

    public int LastStatusCode { get; private set; }

    /// <summary>The server's clock at the start of the call, estimated from the latest <c>Date</c> response header.</summary>
    public DateTimeOffset? ServerTimeAtStart { get; private set; }

    /// <summary>Tokens from a token provider that were sent in this call, so error bodies that echo them are redacted.</summary>
    public string[]? SentTokens => Volatile.Read(ref _sentTokens);

    /// <summary>An attempt is about to be sent.</summary>
    public int Sending(string method, Uri uri)
    {
        Volatile.Write(ref _lastMethod, method);
        Volatile.Write(ref _lastUri, uri);
        _lastPath = null;
        return Interlocked.Increment(ref _attempts);
    }

    /// <summary>An attempt ended: what its outcome says about its effect, and for an answer its status and the server's clock.</summary>
    public void Ended(OutcomeKind kind, int statusCode, DateTimeOffset? serverDate, TimeSpan elapsed)
    {
        Volatile.Write(ref _lastOutcome, (int)kind);
        if (kind == OutcomeKind.Unknown)
        {
            Interlocked.Exchange(ref _mayHaveTakenEffect, 1);
        }

        if (statusCode > 0)
        {
            LastStatusCode = statusCode;
        }

        if (serverDate is { } date)
        {
            ServerTimeAtStart = date - elapsed;
        }
    }

    public void NoteSentToken(string token)
    {
        while (true)
        {
            var current = Volatile.Read(ref _sentTokens);
            if (current is not null && Array.IndexOf(current, token) >= 0)
            {
                return;
            }

            string[] next = current is null ? [token] : [.. current, token];
            if (Interlocked.CompareExchange(ref _sentTokens, next, current) == current)
            {
                return;
            }
        }
    }
}

/// <summary>What an attempt's outcome says about its effect, and so about retrying it.</summary>
internal enum OutcomeKind
{
    /// <summary>Success or a client error: never retried.</summary>
    Final,

    /// <summary>Transient, and the request certainly did not take effect (refused, 429, 503 with Retry-After).</summary>
    NotApplied,

    /// <summary>Transient, but the server may have carried the request out.</summary>
    Unknown,
}
