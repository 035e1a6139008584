using System;
using System.Net.Http;
using System.Threading;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// One call on its way down: what sends it (the SDK's pipeline), the caller's token, and what it may spend:
/// <see cref="VpsSnapshotsOptions.Timeout"/> from its start, on the client's clock. Set once when the call starts. It
/// runs no timer of its own: every attempt is bounded by what is left (<see cref="AttemptLimit"/>), every wait is
/// checked against it first (<see cref="CanWait"/>) and bounded by it, so the call ends when it runs out. The one place
/// that says which limit ran out. What happened to the call is its <see cref="Record"/>, written by the retry handler.
/// </summary>
internal sealed class Call
{
    private readonly TimeProvider _time;
    private readonly long _start;

    public Call(HttpMessageInvoker sender, TimeProvider time, TimeSpan timeout, CancellationToken token, bool notesServerClock = false)
    {
        Sender = sender;
        _time = time;
        _start = time.GetTimestamp();
        Timeout = timeout;
        Token = token;
        NotesServerClock = notesServerClock;
    }

    /// <summary>Whether answers note the server's clock (<see cref="CallRecord.ServerTimeAtStart"/>): a create, which may have to find what it made.</summary>
    public bool NotesServerClock { get; }

    public HttpMessageInvoker Sender { get; }

    /// <summary>The caller's own token.</summary>
    public CancellationToken Token { get; }

    public CallRecord Record { get; } = new();

    /// <summary>The call's <see cref="VpsSnapshotsOptions.Timeout"/>; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none.</summary>
    public TimeSpan Timeout { get; }

    public TimeSpan Elapsed => _time.GetElapsedTime(_start);

    /// <summary>What is left; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> when the call has no timeout.</summary>
    public TimeSpan Remaining
    {
        get
        {
            if (Timeout == System.Threading.Timeout.InfiniteTimeSpan)
            {
                return Timeout;
            }

            var left = Timeout - Elapsed;
            return left < TimeSpan.Zero ? TimeSpan.Zero : left;
        }
    }

    /// <summary>Whether the call has run out of time.</summary>
    public bool RanOut => Remaining == TimeSpan.Zero;

    /// <summary>Whether the call is over: the caller cancelled, or its time ran out.</summary>
    public bool Ended => Token.IsCancellationRequested || RanOut;

    /// <summary>Whether a wait of <paramref name="delay"/> still leaves time for an attempt (the one "can we still wait?" rule).</summary>
    public bool CanWait(TimeSpan delay)
    {
        var remaining = Remaining;
        return remaining == System.Threading.Timeout.InfiniteTimeSpan || delay < remaining;
    }

    /// <summary>
    /// How long the next attempt may run: <paramref name="attemptTimeout"/>, or what is left of the call when that is no
    /// more (<paramref name="endsTheCall"/>: the attempt's end is then the call's, and when both end together the call's
    /// timeout is what ran out).
    /// </summary>
    public TimeSpan AttemptLimit(TimeSpan attemptTimeout, out bool endsTheCall)
    {
        var remaining = Remaining;
        endsTheCall = remaining != System.Threading.Timeout.InfiniteTimeSpan &&
            (attemptTimeout == System.Threading.Timeout.InfiniteTimeSpan || remaining <= attemptTimeout);
        return endsTheCall ? remaining : attemptTimeout;
    }

    /// <summary>The call ran out of time: what the caller gets.</summary>
    public TimeoutException Exceeded(string method, string path, Exception? inner = null) =>
        new(FormattableString.Invariant($"VPS.org {method} {path} did not complete within its Timeout of {Timeout.TotalSeconds:0.###} s (VpsSnapshotsOptions.Timeout) after {Record.Attempts} attempt(s)."), inner);

    /// <summary>One attempt ran past <see cref="VpsRetryOptions.AttemptTimeout"/> (retried where that is safe).</summary>
    public static TimeoutException AttemptTimedOut(string method, string path, TimeSpan attemptTimeout, int attempt, Exception? inner) =>
        new(FormattableString.Invariant($"VPS.org {method} {path} attempt timed out after {attemptTimeout.TotalSeconds:0.###} s (attempt {attempt})."), inner);
}
