using System;
using System.Net.Http;
using System.Net.Sockets;
using Polly;
using Polly.Timeout;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>Decides whether an attempt's outcome is final, transient but certainly not applied, or of unknown effect.</summary>
/// <remarks>The one home of this rule: the retry handler and the create reconciler both ask it.</remarks>
internal static class OutcomeClassifier
{
    /// <summary>Classifies what one attempt returned or threw (inside the retry handler).</summary>
    public static OutcomeKind Classify(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } exception ? Classify(exception) : Classify(outcome.Result!);

    /// <summary>Classifies a response status: 429 and 503 with <c>Retry-After</c> were refused before any work.</summary>
    public static OutcomeKind Classify(HttpResponseMessage response) => (int)response.StatusCode switch
    {
        429 => OutcomeKind.NotApplied,
        503 when response.Headers.RetryAfter is not null => OutcomeKind.NotApplied,
        408 or 500 or 502 or 503 or 504 => OutcomeKind.Unknown,
        _ => OutcomeKind.Final,
    };

    /// <summary>Classifies an exception, either from an attempt or as it surfaced from the pipeline to the client.</summary>
    public static OutcomeKind Classify(Exception exception) => exception switch
    {
        VpsRateLimitException => OutcomeKind.NotApplied,
        VpsServerException { StatusCode: 503 } server when server.RetryAfterGiven => OutcomeKind.NotApplied,
        VpsServerException => OutcomeKind.Unknown,
        VpsApiException { StatusCode: 408 } => OutcomeKind.Unknown,
        VpsApiException => OutcomeKind.Final,
        TimeoutRejectedException or TimeoutException => OutcomeKind.Unknown,
        HttpRequestException http when IsConnectionRefused(http) => OutcomeKind.NotApplied,
        HttpRequestException => OutcomeKind.Unknown,
        System.IO.IOException => OutcomeKind.Unknown,
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
