using System;
using System.Buffers;
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

    private const int MaxErrorBodyBytes = 64 * 1024;
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
    public async ValueTask<T> SendAsync<T>(HttpMethod method, Uri uri, byte[]? jsonBody, BodyDecoder<T>? decodeAs, CallContext call, CancellationToken token)
        where T : class
    {
        using var request = new SnapshotsRequestMessage(method, uri, call) { Body = jsonBody ?? (method == HttpMethod.Get ? null : []), Decoder = this, BodyDecoder = decodeAs };
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
            _clientSideAuth.Apply(request, await _clientSideAuth.GetHeaderAsync(token).ConfigureAwait(false));
        }

        call.BeginRequest(method.Method, uri, ReferenceEquals(uri, Collection) ? CollectionPath : null);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
        call.Observe((int)response.StatusCode, response.Headers.Date);
        if (!response.IsSuccessStatusCode)
        {
            var errorBody = request.ReadInAttempt as string ?? await ReadErrorAsync(response, token).ConfigureAwait(false);
            throw ApiErrorFactory.Create(response, method.Method, call.LastPath ?? uri.PathAndQuery, errorBody, IsCreate(method, uri), _time, Redactor(call));
        }

        if (decodeAs is null)
        {
            return null!;
        }

        return request.ReadInAttempt is T decoded ? decoded : await decodeAs.DecodeAsync(this, response, request, token).ConfigureAwait(false);
    }

    /// <summary>Decodes a success body within the retry handler's attempt, through the request's typed decoder.</summary>
    public ValueTask<object?> DecodeAsync(HttpResponseMessage response, SnapshotsRequestMessage request, CancellationToken cancellationToken) =>
        request.BodyDecoder is { } decoder ? decoder.DecodeObjectAsync(this, response, request, cancellationToken) : default;

    /// <summary>Reads a success body (capped at <see cref="MaxBodyBytes"/>) and checks that it keeps the record's promises.</summary>
    public async ValueTask<T> DecodeAsync<T>(HttpResponseMessage response, SnapshotsRequestMessage request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        var raw = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var stream = new CapturingReadStream(raw, MaxBodyBytes);
        T? value;
        try
        {
            value = await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw ApiErrorFactory.InvalidBody(response, MethodOf(request), PathOf(request), stream.Excerpt(), ex, Redactor(request.Call));
        }
        catch (InvalidDataException ex) when (stream.TooLarge)
        {
            throw ApiErrorFactory.TooLarge(response, MethodOf(request), PathOf(request), MaxBodyBytes, stream.Excerpt(), ex, Redactor(request.Call));
        }

        var broken = RecordPromises.Check(value);
        if (broken is not null)
        {
            throw ApiErrorFactory.BrokenPromise(response, MethodOf(request), PathOf(request), broken, stream.Excerpt(), Redactor(request.Call));
        }

        return value!;
    }

    private static string MethodOf(SnapshotsRequestMessage request) => request.Call?.LastMethod ?? request.Method.Method;

    private static string PathOf(SnapshotsRequestMessage request) => request.Call?.LastPath ?? request.RequestUri?.PathAndQuery ?? string.Empty;

    private bool IsCreate(HttpMethod method, Uri uri) => method == HttpMethod.Post && uri == Collection;

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsolutePath.EndsWith("/", StringComparison.Ordinal) ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/");

    /// <summary>Reads an error body for the exception: at most 64 KiB, cut short (not failed) when the connection breaks.</summary>
    public async ValueTask<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content is not { } content)
        {
            return string.Empty;
        }

        // Pooled: every error answer is read, including the 503s that are retried and never shown.
        var buffer = ArrayPool<byte>.Shared.Rent(MaxErrorBodyBytes);
        try
        {
            var filled = 0;
            try
            {
                using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                int read;
                while (filled < MaxErrorBodyBytes && (read = await stream.ReadAsync(buffer, filled, MaxErrorBodyBytes - filled, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    filled += read;
                }
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                // A body cut off mid-way still leaves the status code (and what arrived) to report.
            }

            return Encoding.UTF8.GetString(buffer, 0, filled);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Removes every token sent in the call (the options' and any provided one) from text quoted back to the caller.</summary>
    private TokenRedactor Redactor(CallContext? call) => new(_apiToken, call?.SentTokens);
}
