using System.Net.Http;
using System.Threading;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>One call on its way down: what sends it (the SDK's pipeline), what it may spend, where what happens is noted, and the caller's token.</summary>
internal readonly struct Call
{
    public Call(HttpMessageInvoker sender, CallTimeout timeout, CallRecord record, CancellationToken token)
    {
        Sender = sender;
        Timeout = timeout;
        Record = record;
        Token = token;
    }

    public HttpMessageInvoker Sender { get; }

    public CallTimeout Timeout { get; }

    public CallRecord Record { get; }

    /// <summary>The caller's own token.</summary>
    public CancellationToken Token { get; }

    /// <summary>Whether the call is over: the caller cancelled, or its time ran out.</summary>
    public bool Ended => Token.IsCancellationRequested || Timeout.RanOut;
}
