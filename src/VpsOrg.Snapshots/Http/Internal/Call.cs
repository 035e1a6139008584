using System.Net.Http;
using System.Threading;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>One call on its way down: the <see cref="HttpClient"/> it is sent with, what it may spend, and where what happens is noted.</summary>
internal readonly struct Call
{
    public Call(HttpClient http, CallBudget budget, CallRecord record)
    {
        Http = http;
        Budget = budget;
        Record = record;
    }

    public HttpClient Http { get; }

    public CallBudget Budget { get; }

    public CallRecord Record { get; }

    public CancellationToken Token => Budget.Token;

    /// <summary>Whether the call is over: the caller cancelled, or its budget ran out.</summary>
    public bool Ended => Token.IsCancellationRequested || Budget.Expired;
}
