using System;
using System.Collections.Generic;

namespace VpsOrg.Snapshots;

/// <summary>429 Too Many Requests: the API's rate limit held after the SDK's retries (or its wait did not fit the call's budget).</summary>
public sealed class VpsRateLimitException : VpsApiException
{
    /// <summary>Creates the exception with a default message.</summary>
    public VpsRateLimitException()
        : this("The VPS.org API rate limit was exceeded.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public VpsRateLimitException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public VpsRateLimitException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception describing an API response.</summary>
    /// <param name="message">What went wrong, readable by a person.</param>
    /// <param name="statusCode">The HTTP status code of the response.</param>
    /// <param name="detail">The API's own error text, where it gave one.</param>
    /// <param name="errors">Field errors (field name to messages), where the API gave them.</param>
    /// <param name="requestId">The <c>X-Request-Id</c> response header, where present.</param>
    /// <param name="responseBody">The start of the response body, truncated.</param>
    /// <param name="retryAfter">How long the API asked the caller to wait, from <c>Retry-After</c>.</param>
    /// <param name="innerException">The cause, if any.</param>
    public VpsRateLimitException(
        string message,
        int statusCode,
        string? detail,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? errors,
        string? requestId,
        string? responseBody,
        TimeSpan? retryAfter,
        Exception? innerException = null)
        : base(message, statusCode, detail, errors, requestId, responseBody, innerException)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>How long the API asked the caller to wait before trying again, from the <c>Retry-After</c> header.</summary>
    public TimeSpan? RetryAfter { get; }
}
