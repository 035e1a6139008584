using System;
using System.Collections.Generic;

namespace VpsOrg.Snapshots;

/// <summary>
/// The VPS.org API answered with an error, or with a response the SDK cannot read.
/// The base of every API exception the SDK throws; catch a subclass to handle one failure.
/// </summary>
/// <remarks>No member of this exception, its message or its <see cref="Exception.ToString"/> ever contains the API token.</remarks>
public class VpsApiException : Exception
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoErrors =
        new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Creates an exception with a message only (status 0: no response).</summary>
    public VpsApiException()
        : this("The VPS.org API call failed.")
    {
    }

    /// <summary>Creates an exception with a message only (status 0: no response).</summary>
    /// <param name="message">What went wrong.</param>
    public VpsApiException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates an exception with a message and its cause (status 0: no response).</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public VpsApiException(string message, Exception? innerException)
        : this(message, 0, null, null, null, null, innerException)
    {
    }

    /// <summary>Creates an exception describing an API response.</summary>
    /// <param name="message">What went wrong, readable by a person.</param>
    /// <param name="statusCode">The HTTP status code of the response.</param>
    /// <param name="detail">The API's own error text, where it gave one.</param>
    /// <param name="errors">Field errors (field name to messages), where the API gave them.</param>
    /// <param name="requestId">The <c>X-Request-Id</c> response header, where present.</param>
    /// <param name="responseBody">The start of the response body, truncated.</param>
    /// <param name="innerException">The cause, if any.</param>
    public VpsApiException(
        string message,
        int statusCode,
        string? detail,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? errors,
        string? requestId,
        string? responseBody,
        Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Detail = detail;
        Errors = errors ?? NoErrors;
        RequestId = requestId;
        ResponseBody = responseBody;
    }

    /// <summary>The HTTP status code of the response; 0 when there was none.</summary>
    public int StatusCode { get; }

    /// <summary>The API's own error text (<c>detail</c>, <c>error</c>, <c>message</c> or the first non-field error).</summary>
    public string? Detail { get; }

    /// <summary>Field errors reported by the API: field name (or <c>non_field_errors</c>) to its messages. Never null.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; }

    /// <summary>The value of the <c>X-Request-Id</c> response header, to quote to VPS.org support.</summary>
    public string? RequestId { get; }

    /// <summary>The start of the response body (at most 4 KB of text), for diagnosis.</summary>
    public string? ResponseBody { get; }
}
