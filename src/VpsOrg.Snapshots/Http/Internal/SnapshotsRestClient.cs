using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Diagnostics;
using VpsOrg.Snapshots.Errors.Internal;
using VpsOrg.Snapshots.Internal;
using VpsOrg.Snapshots.Serialization;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// The SDK's one send path: builds each request, sends it through the pipeline, and turns the response into a
/// decoded record that keeps its promises or into the typed exception.
/// </summary>
internal sealed class SnapshotsRestClient : IResponseDecoder
{
    /// <summary>The largest success body (a page or a record) the SDK reads; a larger one is refused.</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    private const int MaxErrorBodyChars = 64 * 1024;
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };
    private static readonly string UserAgentValue = "VpsOrg.Snapshots/" + SnapshotsTelemetry.Version;

    private readonly HttpClient _http;
    private readonly BearerTokenSource? _clientSideAuth;
    private readonly string? _apiToken;
    private readonly TimeProvider _time;

    public SnapshotsRestClient(HttpClient http, VpsSnapshotsOptions options, TimeProvider time, bool pipelineAuthenticates)
    {
        _http = http;
        _time = time;
        _apiToken = options.ApiToken;
        _clientSideAuth = pipelineAuthenticates ? null : new BearerTokenSource(options);
        BaseAddress = WithTrailingSlash(options.BaseAddress);
        Collection = new Uri(BaseAddress, "api/v1/snapshots/");
        CollectionPath = Collection.PathAndQuery;
    }

    public Uri BaseAddress { get; }

    public Uri Collection { get; }

    public string CollectionPath { get; }

    public Uri ListUri(long? serverId) =>
        serverId is { } id ? new Uri(Collection, "?server_id=" + id.ToString(CultureInfo.InvariantCulture)) : Collection;

    public Uri RestoreUri(long snapshotId) => new(Collection, snapshotId.ToString(CultureInfo.InvariantCulture) + "/restore/");

    public Uri DeleteUri(long snapshotId) => new(Collection, snapshotId.ToString(CultureInfo.InvariantCulture) + "/");

    /// <summary>Sends a request and returns its decoded success body, or throws the typed exception.</summary>
    /// <remarks>
    /// A request without a body still carries an empty one (<c>Content-Length: 0</c>) unless it is a GET: .NET's
    /// connection pool silently resends a body-less request whose pooled connection closed before any answer,
    /// below every handler, and only the SDK's own rules may decide whether a POST or DELETE is sent again.
    /// </remarks>
    public async ValueTask<T> SendAsync<T>(HttpMethod method, Uri uri, byte[]? jsonBody, JsonTypeInfo<T>? decodeAs, CallContext call, CancellationToken token)
        where T : class
    {
        using var request = new SnapshotsRequestMessage(method, uri, call) { Body = jsonBody ?? (method == HttpMethod.Get ? null : []), Decoder = decodeAs is null ? null : this, DecodeAs = decodeAs };
        if (request.Body is { } body)
        {
            request.Content = new ByteArrayContent(body);
            if (jsonBody is not null)
            {
                request.Content.Headers.ContentType = JsonContentType;
            }
        }

        // Raw header values: parsed header objects would cost more per call than the whole rest of the client.
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgentValue);
        if (_clientSideAuth is not null)
        {
            request.Headers.Authorization = await _clientSideAuth.GetHeaderAsync(token).ConfigureAwait(false);
            if (!_clientSideAuth.IsFixed)
            {
                call.NoteSentToken(request.Headers.Authorization.Parameter);
            }
        }

        call.BeginRequest(method.Method, uri, ReferenceEquals(uri, Collection) ? CollectionPath : null);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
        call.Observe((int)response.StatusCode, response.Headers.Date);
        if (!response.IsSuccessStatusCode)
        {
            var errorBody = await ReadErrorBodyAsync(response.Content, token).ConfigureAwait(false);
            throw ApiErrorFactory.Create(response, method.Method, call.LastPath ?? uri.PathAndQuery, Redact(errorBody, call), IsCreate(method, uri), _time);
        }

        if (decodeAs is null)
        {
            return null!;
        }

        var decoded = request.Decoded ?? await DecodeAsync(response, request, token).ConfigureAwait(false);
        return (T)decoded!;
    }

    /// <summary>Reads a success body (capped at <see cref="MaxBodyBytes"/>) and checks that it keeps the record's promises.</summary>
    public async ValueTask<object?> DecodeAsync(HttpResponseMessage response, SnapshotsRequestMessage request, CancellationToken cancellationToken)
    {
        var call = request.Call;
        var method = call?.LastMethod ?? request.Method.Method;
        var path = call?.LastPath ?? request.RequestUri?.PathAndQuery ?? string.Empty;
        var raw = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var stream = new CapturingReadStream(raw, MaxBodyBytes);
        object? value;
        try
        {
            value = await JsonSerializer.DeserializeAsync(stream, request.DecodeAs!, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw ApiErrorFactory.InvalidBody(response, method, path, Redact(stream.Excerpt(), call), ex);
        }
        catch (InvalidDataException ex) when (stream.TooLarge)
        {
            throw ApiErrorFactory.TooLarge(response, method, path, MaxBodyBytes, Redact(stream.Excerpt(), call), ex);
        }

        var broken = RecordPromises.Check(value);
        if (broken is not null)
        {
            throw ApiErrorFactory.BrokenPromise(response, method, path, broken, Redact(stream.Excerpt(), call));
        }

        return value;
    }

    private bool IsCreate(HttpMethod method, Uri uri) => method == HttpMethod.Post && uri == Collection;

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsolutePath.EndsWith("/", StringComparison.Ordinal) ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/");

    private static async Task<string> ReadErrorBodyAsync(HttpContent? content, CancellationToken token)
    {
        if (content is null)
        {
            return string.Empty;
        }

        try
        {
            using var stream = await content.ReadAsStreamAsync(token).ConfigureAwait(false);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var buffer = new char[4096];
            var text = new StringBuilder();
            int read;
            while (text.Length < MaxErrorBodyChars && (read = await reader.ReadAsync(buffer, 0, buffer.Length).ConfigureAwait(false)) > 0)
            {
                text.Append(buffer, 0, read);
            }

            return text.ToString();
        }
        catch (IOException)
        {
            // A body cut off mid-way still leaves the status code to report.
            return string.Empty;
        }
        catch (HttpRequestException)
        {
            return string.Empty;
        }
    }

    /// <summary>Removes every token sent in the call (the options' and any provided one) from text quoted back to the caller.</summary>
    public string? Redact(string? text, CallContext? call)
    {
        text = TokenRedaction.Redact(text, _apiToken);
        if (call?.SentTokens is { } sent)
        {
            foreach (var token in sent)
            {
                text = TokenRedaction.Redact(text, token);
            }
        }

        return text;
    }
}
