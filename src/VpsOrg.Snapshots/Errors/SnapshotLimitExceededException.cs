using System;
using System.Collections.Generic;

namespace VpsOrg.Snapshots;

/// <summary>400 on create because the server already holds the maximum number of snapshots (<see cref="SnapshotRules.MaxSnapshotsPerServer"/>). Delete one, or make room with <see cref="SnapshotsClientExtensions.MakeRoomAsync"/>.</summary>
public sealed class SnapshotLimitExceededException : VpsBadRequestException
{
    /// <summary>Creates the exception with a default message.</summary>
    public SnapshotLimitExceededException()
        : this("The VPS.org API call failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public SnapshotLimitExceededException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public SnapshotLimitExceededException(string message, Exception? innerException)
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
    public SnapshotLimitExceededException(
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
