using System.Net;

namespace VpsOrg.Snapshots.Shared;

/// <summary>The standard reason phrases of the statuses the API uses; compiled into each project that needs them.</summary>
internal static class HttpReasonPhrases
{
    public static string For(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => ((HttpStatusCode)status).ToString(),
    };
}
