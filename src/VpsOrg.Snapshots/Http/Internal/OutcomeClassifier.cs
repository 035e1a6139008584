using System;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using Polly;
using Polly.Timeout;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>Decides whether an attempt's outcome is final, transient but certainly not applied, or of unknown effect.</summary>
/// <remarks>The one home of this rule, asked once per attempt by the <see cref="RetryHandler"/>, which notes the answer in the call's <see cref="CallRecord"/>.</remarks>
internal static class OutcomeClassifier
{
    public static OutcomeKind Classify(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } exception ? Classify(exception) : Classify((int)outcome.Result!.StatusCode, outcome.Result.Headers.RetryAfter is not null);

    /// <summary>Classifies a response status: 429, and 503 with <c>Retry-After</c>, were refused before any work.</summary>
    public static OutcomeKind Classify(int status, bool retryAfterGiven) => status switch
    {
        429 => OutcomeKind.NotApplied,
        503 when retryAfterGiven => OutcomeKind.NotApplied,
        408 or 500 or 502 or 503 or 504 => OutcomeKind.Unknown,
        _ => OutcomeKind.Final,
    };

    /// <summary>Classifies what an attempt threw: a refused connection never reached the server; other transport failures and timeouts may have.</summary>
    public static OutcomeKind Classify(Exception exception) => exception switch
    {
        TimeoutRejectedException or TimeoutException => OutcomeKind.Unknown,
        HttpRequestException http when IsConnectionRefused(http) => OutcomeKind.NotApplied,
        HttpRequestException or IOException => OutcomeKind.Unknown,
        _ => OutcomeKind.Final,
    };

    public static bool IsConnectionRefused(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>What an attempt's outcome says about retrying it.</summary>
internal enum OutcomeKind
{
    /// <summary>Success or a client error: never retried.</summary>
    Final,

    /// <summary>Transient, and the request certainly did not take effect (refused, 429, 503 with Retry-After).</summary>
    NotApplied,

    /// <summary>Transient, but the server may have carried the request out.</summary>
    Unknown,
}
