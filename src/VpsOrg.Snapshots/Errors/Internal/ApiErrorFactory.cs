using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using VpsOrg.Snapshots.Internal;
using VpsOrg.Snapshots.Shared;

namespace VpsOrg.Snapshots.Errors.Internal;

/// <summary>Turns an error response (any body shape of SPEC section 2) into the matching typed exception.</summary>
internal static class ApiErrorFactory
{
    public const int MaxBodyExcerpt = 4096;
    private const string NonFieldErrors = ErrorBodyParser.NonFieldErrors;

    /// <summary>The typed exception for an error response whose body (as text) and media type were read.</summary>
    public static VpsApiException Create(
        HttpResponseMessage response,
        string method,
        string path,
        string? body,
        string? mediaType,
        TimeSpan? retryAfter,
        bool isCreate,
        TokenRedactor redactor)
    {
        var status = (int)response.StatusCode;
        body = redactor.Apply(body);
        var (detail, errors) = ErrorBodyParser.Parse(body, mediaType);
        var requestId = redactor.Apply(GetRequestId(response));
        var excerpt = Excerpt(body);
        var message = status is >= 300 and <= 399
            ? RedirectMessage(response, method, path)
            : BuildMessage(status, response.ReasonPhrase, method, path, detail, errors, body, requestId);
        message = redactor.Apply(message)!;

        return status switch
        {
            400 when isCreate && IsLimitMessage(detail, errors) =>
                new SnapshotLimitExceededException(message, status, detail, errors, requestId, excerpt),
            400 => new VpsBadRequestException(message, status, detail, errors, requestId, excerpt),
            401 or 403 => new VpsAuthenticationException(message, status, detail, errors, requestId, excerpt),
            404 => new VpsNotFoundException(message, status, detail, errors, requestId, excerpt),
            429 => new VpsRateLimitException(message, status, detail, errors, requestId, excerpt, retryAfter),
            >= 500 and <= 599 => new VpsServerException(message, status, detail, errors, requestId, excerpt),
            _ => new VpsApiException(message, status, detail, errors, requestId, excerpt),
        };
    }

    /// <summary>A 2xx response whose body is not the JSON the call expects.</summary>
    public static VpsApiException InvalidBody(HttpResponseMessage response, string method, string path, string? mediaType, string? excerpt, Exception? inner, TokenRedactor redactor)
    {
        var status = (int)response.StatusCode;
        var what = string.IsNullOrWhiteSpace(excerpt)
            ? "an empty body"
            : $"a body that is not the expected JSON ({mediaType ?? "no content type"})";
        var reason = inner is JsonException { Path: { Length: > 0 } jsonPath } ? $" at {jsonPath}" : string.Empty;
        var message = $"VPS.org API {status} {ReasonPhrase(status, response.ReasonPhrase)} on {method} {path}: the response had {what}{reason}.";
        return new VpsApiException(redactor.Apply(message)!, status, null, null, redactor.Apply(GetRequestId(response)), Excerpt(redactor.Apply(excerpt)), inner);
    }

    /// <summary>A 2xx body larger than the SDK reads.</summary>
    public static VpsApiException TooLarge(HttpResponseMessage response, string method, string path, int limit, string? excerpt, Exception? inner, TokenRedactor redactor)
    {
        var status = (int)response.StatusCode;
        var message = $"VPS.org API {status} {ReasonPhrase(status, response.ReasonPhrase)} on {method} {path}: the response body is larger than {limit / (1024 * 1024)} MiB, the most the SDK reads for one page or record; it was not read to the end.";
        return new VpsApiException(redactor.Apply(message)!, status, null, null, redactor.Apply(GetRequestId(response)), Excerpt(redactor.Apply(excerpt)), inner);
    }

    /// <summary>A 2xx body that is valid JSON but breaks a promise of the record types (a null where the type has none).</summary>
    public static VpsApiException BrokenPromise(HttpResponseMessage response, string method, string path, string what, string? excerpt, TokenRedactor redactor)
    {
        var status = (int)response.StatusCode;
        var message = $"VPS.org API {status} {ReasonPhrase(status, response.ReasonPhrase)} on {method} {path}: the response is not a valid answer: {what}.";
        return new VpsApiException(redactor.Apply(message)!, status, null, null, redactor.Apply(GetRequestId(response)), Excerpt(redactor.Apply(excerpt)));
    }

    /// <summary>A response that broke a rule of the protocol rather than answering with an error status (status 0).</summary>
    public static VpsApiException Protocol(string message) => new(message, 0, null, null, null, null);

    private static string RedirectMessage(HttpResponseMessage response, string method, string path)
    {
        var status = (int)response.StatusCode;
        var location = response.Headers.Location is { } target ? $" to '{RedactQuery(target.OriginalString)}'" : " without a Location";
        return $"VPS.org API {status} {ReasonPhrase(status, response.ReasonPhrase)} on {method} {path}: the API answered with a redirect{location}. " +
            "The SDK never follows redirects (the request, its body and the token stay with BaseAddress); check VpsSnapshotsOptions.BaseAddress.";
    }

    /// <summary>A link with its query and fragment cut (they may carry secrets).</summary>
    public static string RedactQuery(string link)
    {
        var cut = link.IndexOfAny(['?', '#']);
        return cut < 0 ? link : link.Substring(0, cut) + "?...";
    }

    public static string? GetRequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Request-Id", out var values) ? values.FirstOrDefault() : null;

    public static string ReasonPhrase(int status, string? reasonPhrase) =>
        !string.IsNullOrEmpty(reasonPhrase) ? reasonPhrase! : HttpReasonPhrases.For(status);

    private static bool IsLimitMessage(string? detail, IReadOnlyDictionary<string, IReadOnlyList<string>>? errors)
    {
        if (Mentions(detail))
        {
            return true;
        }

        return errors is not null && errors.Values.Any(messages => messages.Any(Mentions));

        static bool Mentions(string? text) =>
            text is not null &&
            (Contains(text, "limit") || Contains(text, "quota") ||
             ((Contains(text, "maximum") || Contains(text, "at most") || Contains(text, "too many") || Contains(text, "max ")) && Contains(text, "snapshot")));

        static bool Contains(string text, string word) => text.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0;
    }

    /// <summary>Whether a 400 names a field of the create body (then it is about the request, not the server's limit).</summary>
    public static bool IsFieldError(VpsApiException exception)
    {
        foreach (var field in exception.Errors.Keys)
        {
            if (field is "server_id" or "name" or "description")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The same 400 as a <see cref="SnapshotLimitExceededException"/>, once the server's count confirmed the limit.</summary>
    public static SnapshotLimitExceededException AsLimit(VpsBadRequestException exception, int count) =>
        new(
            exception.Message + $" (the server already has {count} snapshots: the {SnapshotRules.MaxSnapshotsPerServer}-per-server limit)",
            exception.StatusCode,
            exception.Detail,
            exception.Errors,
            exception.RequestId,
            exception.ResponseBody,
            exception);

    private static string BuildMessage(
        int status,
        string? reasonPhrase,
        string method,
        string path,
        string? detail,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? errors,
        string? body,
        string? requestId)
    {
        var builder = new StringBuilder();
        builder.Append("VPS.org API ").Append(status).Append(' ').Append(ReasonPhrase(status, reasonPhrase))
            .Append(" on ").Append(method).Append(' ').Append(path).Append(": ");
        var fieldErrors = errors?.Where(e => e.Key != NonFieldErrors || detail != e.Value[0]).ToList();
        if (detail is not null)
        {
            builder.Append(detail);
        }

        if (fieldErrors is { Count: > 0 })
        {
            if (detail is not null)
            {
                builder.Append(' ');
            }

            builder.Append(string.Join("; ", fieldErrors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        }
        else if (detail is null)
        {
            builder.Append(string.IsNullOrWhiteSpace(body) ? "(empty response body)" : "(no error details in the response body)");
        }

        if (requestId is not null)
        {
            builder.Append(" (request id ").Append(requestId).Append(')');
        }

        return builder.ToString();
    }

    internal static string? Excerpt(string? body) => body is null ? null : Truncate(body, MaxBodyExcerpt);

    internal static string Truncate(string text, int max) => text.Length <= max ? text : text.Substring(0, max) + "...";
}
