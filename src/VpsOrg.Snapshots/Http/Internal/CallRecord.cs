using System;
using System.Threading;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// What happened to one call, for the client to decide and report after the pipeline returns: the requests it
/// sent, the attempts the retry handler made and what each may have done, the server's clock, and the tokens
/// sent (so text quoted back is redacted). Each fact is written by the one layer that sees it: the client (requests
/// and answers), the retry handler (attempts and their outcomes) and the token source (tokens).
/// </summary>
internal sealed class CallRecord
{
    private int _attempts;
    private int _mayHaveTakenEffect;
    private int _lastOutcome;
    private Uri? _lastUri;
    private string? _lastPath;
    private string[]? _sentTokens;

    /// <summary>How many requests the client itself sent in this call (pages, reconciliation lists, resends).</summary>
    public int Requests { get; private set; }

    /// <summary>How many attempts the retry handler has sent in this call (all requests of the call together).</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Attempts sent in the call: the retry handler's count where it is in the pipeline, else the client's requests.</summary>
    public int TotalAttempts => Math.Max(Attempts, Requests);

    /// <summary>Whether any attempt of the call may have been carried out by the server (its outcome is not known to be a refusal).</summary>
    public bool MayHaveTakenEffect => Volatile.Read(ref _mayHaveTakenEffect) != 0;

    /// <summary>What the latest attempt's outcome says: final, certainly not applied, or of unknown effect.</summary>
    public OutcomeKind LastOutcome => (OutcomeKind)Volatile.Read(ref _lastOutcome);

    public string? LastMethod { get; private set; }

    /// <summary>The path and query of the latest request, computed only when a log line or an exception needs it.</summary>
    public string? LastPath => _lastPath ??= _lastUri?.PathAndQuery;

    public int LastStatusCode { get; private set; }

    /// <summary>The server's clock at the start of the call, estimated from the latest <c>Date</c> response header.</summary>
    public DateTimeOffset? ServerTimeAtStart { get; private set; }

    /// <summary>Whether answers should note the server's clock (<see cref="ServerTimeAtStart"/>): a create, which may have to find what it made. Other calls skip parsing <c>Date</c>.</summary>
    public bool WantsServerClock { get; set; }

    /// <summary>Tokens from a token provider that were sent in this call, so error bodies that echo them are redacted.</summary>
    public string[]? SentTokens => Volatile.Read(ref _sentTokens);

    public static CallRecord? Get(System.Net.Http.HttpRequestMessage request) => (request as SnapshotsRequestMessage)?.Record;

    public void BeginRequest(string method, Uri uri, string? knownPath)
    {
        Requests++;
        LastMethod = method;
        _lastUri = uri;
        _lastPath = knownPath;
    }

    /// <summary>Notes an answer: its status, and the server's clock at the start of the call from its <c>Date</c>.</summary>
    public void Answered(int statusCode, DateTimeOffset? serverDate, CallBudget budget)
    {
        LastStatusCode = statusCode;
        if (serverDate is { } date)
        {
            ServerTimeAtStart = date - budget.Elapsed;
        }
    }

    public void CountAttempt() => Interlocked.Increment(ref _attempts);

    /// <summary>Notes what an attempt's outcome says about its effect (<see cref="OutcomeClassifier"/> decides).</summary>
    public void Outcome(OutcomeKind kind)
    {
        Volatile.Write(ref _lastOutcome, (int)kind);
        if (kind == OutcomeKind.Unknown)
        {
            Interlocked.Exchange(ref _mayHaveTakenEffect, 1);
        }
    }

    public void NoteSentToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return;
        }

        while (true)
        {
            var current = Volatile.Read(ref _sentTokens);
            if (current is not null && Array.IndexOf(current, token) >= 0)
            {
                return;
            }

            string[] next = current is null ? [token!] : [.. current, token!];
            if (Interlocked.CompareExchange(ref _sentTokens, next, current) == current)
            {
                return;
            }
        }
    }
}
