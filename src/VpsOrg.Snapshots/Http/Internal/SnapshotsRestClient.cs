using System;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Diagnostics;
using VpsOrg.Snapshots.Errors.Internal;
using VpsOrg.Snapshots.Internal;
using VpsOrg.Snapshots.Serialization;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// The SDK's one send path. Down: builds the request and hands it to the pipeline. Up: takes the answer the
/// pipeline returns (its body already read within the attempt, a <see cref="BufferedContent"/>), and turns it into
/// a decoded record that keeps its promises or into the typed exception. Nothing below calls back into it.
/// </summary>
internal sealed class SnapshotsRestClient
{
    private const int ExcerptBytes = 1024;
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };
    private static readonly string UserAgentValue = "VpsOrg.Snapshots/" + SnapshotsTelemetry.Version;

    private readonly string? _apiToken;
    private readonly TimeProvider _time;

    public SnapshotsRestClient(VpsSnapshotsOptions options, TimeProvider time)
    {
        _time = time;
        _apiToken = options.ApiToken;
        BaseAddress = WithTrailingSlash(options.BaseAddress);
        Collection = new Uri(BaseAddress, "api/v1/snapshots/");
    }

    public Uri BaseAddress { get; }

    public Uri Collection { get; }

    public Uri ListUri(long? serverId) =>
        serverId is { } id ? new Uri(Collection, "?server_id=" + id.ToString(CultureInfo.InvariantCulture)) : Collection;

    public Uri RestoreUri(long snapshotId) => new(Collection, snapshotId.ToString(CultureInfo.InvariantCulture) + "/restore/");

    public Uri DeleteUri(long snapshotId) => new(Collection, snapshotId.ToString(CultureInfo.InvariantCulture) + "/");

    /// <summary>Sends a request and returns its decoded success body (<see langword="null"/> when <paramref name="decodeAs"/> is), or throws the typed exception.</summary>
    /// <remarks>
    /// A request without a body still carries an empty one (<c>Content-Length: 0</c>) unless it is a GET: .NET's
    /// connection pool silently resends a body-less request whose pooled connection closed before any answer,
    /// below every handler, and only the SDK's own rules may decide whether a POST or DELETE is sent again.
    /// </remarks>
    public async Task<T> SendAsync<T>(Call call, HttpMethod method, Uri uri, byte[]? jsonBody, JsonTypeInfo<T>? decodeAs)
        where T : class
    {
        var body = jsonBody ?? (method == HttpMethod.Get ? null : []);
        using var request = new SnapshotsRequestMessage(method, uri, call, body);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (jsonBody is not null)
            {
                request.Content.Headers.ContentType = JsonContentType;
            }
        }

        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgentValue);

        // An HttpClient (DI's, from the factory) would buffer the body again unless asked for the headers only.
        using var response = await (call.Sender is HttpClient client
            ? client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, call.Token)
            : call.Sender.SendAsync(request, call.Token)).ConfigureAwait(false);
        var content = BufferedContent.Of(response);
        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            var retryAfter = status is 429 ? RetryDelay.RetryAfter(response, _time) : null;
            var isCreate = method == HttpMethod.Post && uri == Collection;
            throw ApiErrorFactory.Create(response, method.Method, Path(call, uri), content.Text(), content.MediaType, retryAfter, isCreate, Redactor(call));
        }

        if (decodeAs is null)
        {
            return null!;
        }

        if (content.TooLarge)
        {
            throw ApiErrorFactory.TooLarge(response, method.Method, Path(call, uri), BufferedContent.MaxBodyBytes, content.Excerpt(ExcerptBytes), null, Redactor(call));
        }

        T? value;
        try
        {
            value = JsonSerializer.Deserialize(content.Span, decodeAs);
        }
        catch (JsonException ex)
        {
            throw ApiErrorFactory.InvalidBody(response, method.Method, Path(call, uri), content.MediaType, content.Excerpt(ExcerptBytes), ex, Redactor(call));
        }

        var broken = RecordPromises.Check(value);
        if (broken is not null)
        {
            throw ApiErrorFactory.BrokenPromise(response, method.Method, Path(call, uri), broken, content.Excerpt(ExcerptBytes), Redactor(call));
        }

        return value!;
    }

    private static string Path(Call call, Uri uri) => call.Record.LastPath ?? uri.PathAndQuery;

    /// <summary>Removes every token sent in the call (the options' and any provided one) from text quoted back to the caller.</summary>
    private TokenRedactor Redactor(Call call) => new(_apiToken, call.Record.SentTokens);

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsolutePath.EndsWith("/", StringComparison.Ordinal) ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/");
}
