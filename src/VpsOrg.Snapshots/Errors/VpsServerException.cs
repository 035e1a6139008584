using System;
using System.Collections.Generic;

namespace VpsOrg.Snapshots;

/// <summary>5xx: the API or a proxy in front of it failed, after the SDK's retries.</summary>
public sealed class VpsServerException : VpsApiException
{
    /// <summary>Creates the exception with a default message.</summary>
    public VpsServerException()
        : this("The VPS.org API call failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public VpsServerException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public VpsServerException(string message, Exception? innerException)
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
    /// <param name="innerException">The cause, if any.</param>
    public VpsServerException(
        string message,
        int statusCode,
        string? detail,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? errors,
        string? requestId,
        string? responseBody,
        Exception? innerException = null)
        : base(message, statusCode, detail, errors, requestId, responseBody, innerException)
    {
    }
}
