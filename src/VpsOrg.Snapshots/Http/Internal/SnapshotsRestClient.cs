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
/// pipeline returns (its body already read within the attempt by <see cref="ResponseBuffer"/>), and turns it into
/// a decoded record that keeps its promises or into the typed exception. Nothing below calls back into it.
/// </summary>
internal sealed class SnapshotsRestClient
{
    private const int ExcerptBytes = 1024;
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };
    private static readonly string UserAgentValue = "VpsOrg.Snapshots/" + SnapshotsTelemetry.Version;

    private readonly BearerTokenSource? _clientSideAuth;
    private readonly string? _apiToken;
    private readonly TimeProvider _time;

    public SnapshotsRestClient(VpsSnapshotsOptions options, TimeProvider time, bool pipelineAuthenticates)
    {
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

    /// <summary>Sends a request and returns its decoded success body (<see langword="null"/> when <paramref name="decodeAs"/> is), or throws the typed exception.</summary>
    /// <remarks>
    /// A request without a body still carries an empty one (<c>Content-Length: 0</c>) unless it is a GET: .NET's
    /// connection pool silently resends a body-less request whose pooled connection closed before any answer,
    /// below every handler, and only the SDK's own rules may decide whether a POST or DELETE is sent again.
    /// </remarks>
#if NET6_0_OR_GREATER
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    public async ValueTask<T> SendAsync<T>(Call call, HttpMethod method, Uri uri, byte[]? jsonBody, JsonTypeInfo<T>? decodeAs)
        where T : class
    {
        var token = call.Token;
        var record = call.Record;
        using var request = new SnapshotsRequestMessage(method, uri, call.Budget, record) { Body = jsonBody ?? (method == HttpMethod.Get ? null : []) };
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
        request.Headers.TryAddWithoutValidation("Accept-Encoding", ResponseBuffer.AcceptEncoding);
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgentValue);
        if (_clientSideAuth is not null)
        {
            _clientSideAuth.Apply(request, await _clientSideAuth.GetHeaderAsync(token).ConfigureAwait(false));
        }

        record.BeginRequest(method.Method, uri, ReferenceEquals(uri, Collection) ? CollectionPath : null);
        HttpResponseMessage response;
        try
        {
            response = await call.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            record.Outcome(OutcomeClassifier.Classify(ex));
            throw;
        }

        using (response)
        {
            record.Answered((int)response.StatusCode, record.WantsServerClock ? response.Headers.Date : null, call.Budget);
            record.Outcome(OutcomeClassifier.Classify(response));

            // Without the SDK's handlers (a caller's own HttpClient) the body is read here, within the call's budget.
            var content = await ResponseBuffer.ReadAsync(response, token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw ApiErrorFactory.Create(response, method.Method, record.LastPath ?? uri.PathAndQuery, content.Text(), IsCreate(method, uri), _time, Redactor(record));
            }

            return decodeAs is null ? null! : Decode(response, content, decodeAs, record);
        }
    }

    /// <summary>Decodes a buffered success body (capped at <see cref="ResponseBuffer.MaxBodyBytes"/>) and checks that it keeps the record's promises.</summary>
    private T Decode<T>(HttpResponseMessage response, BufferedContent content, JsonTypeInfo<T> typeInfo, CallRecord record)
        where T : class
    {
        var method = record.LastMethod ?? string.Empty;
        var path = record.LastPath ?? string.Empty;
        if (content.TooLarge)
        {
            throw ApiErrorFactory.TooLarge(response, method, path, ResponseBuffer.MaxBodyBytes, content.Excerpt(ExcerptBytes), null, Redactor(record));
        }

        T? value;
        try
        {
            value = JsonSerializer.Deserialize(content.Span, typeInfo);
        }
        catch (JsonException ex)
        {
            throw ApiErrorFactory.InvalidBody(response, method, path, content.Excerpt(ExcerptBytes), ex, Redactor(record));
        }

        var broken = RecordPromises.Check(value);
        if (broken is not null)
        {
            throw ApiErrorFactory.BrokenPromise(response, method, path, broken, content.Excerpt(ExcerptBytes), Redactor(record));
        }

        return value!;
    }

    private bool IsCreate(HttpMethod method, Uri uri) => method == HttpMethod.Post && uri == Collection;

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsolutePath.EndsWith("/", StringComparison.Ordinal) ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/");

    /// <summary>Removes every token sent in the call (the options' and any provided one) from text quoted back to the caller.</summary>
    private TokenRedactor Redactor(CallRecord record) => new(_apiToken, record.SentTokens);
}
