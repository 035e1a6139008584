
namespace VpsOrg.Snapshots.Tests.TestSupport;

/// <summary>A request as it reached the wire: everything a test asserts on, captured when it was sent.</summary>
public sealed record RecordedRequest(
    string Method,
    string Url,
    string? Authorization,
    string? ContentType,
    string? Body,
    string? UserAgent,
    string? Accept)
{
    /// <summary>When the request arrived, on the test's fake clock.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>The request message object itself (a fresh one is expected per attempt).</summary>
    public HttpRequestMessage? Message { get; init; }

    public static async Task<RecordedRequest> FromAsync(HttpRequestMessage request)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync();
        return new RecordedRequest(
            request.Method.Method,
            request.RequestUri!.ToString(),
            request.Headers.Authorization?.ToString(),
            request.Content?.Headers.ContentType?.ToString(),
            body,
            request.Headers.UserAgent.ToString(),
            request.Headers.Accept.ToString());
    }
}
