using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace VpsOrg.Snapshots.Benchmarks;

/// <summary>
/// The one in-memory transport every client in a benchmark shares: writes out the request's body (as a socket
/// would, so a client that serializes lazily pays for it like one that serializes up front), then answers with a
/// fresh response with the fixed body.
/// </summary>
public sealed class InMemoryHandler(byte[] getBody, byte[] postBody) : HttpMessageHandler
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        request.Content is { } content ? SendWithBodyAsync(request, content, cancellationToken) : Task.FromResult(Answer(request));

    private async Task<HttpResponseMessage> SendWithBodyAsync(HttpRequestMessage request, HttpContent content, CancellationToken cancellationToken)
    {
        await content.CopyToAsync(Stream.Null, cancellationToken);
        return Answer(request);
    }

    private HttpResponseMessage Answer(HttpRequestMessage request)
    {
        var isPost = request.Method == HttpMethod.Post;
        var content = new ByteArrayContent(isPost ? postBody : getBody);
        content.Headers.ContentType = Json;
        return new HttpResponseMessage(isPost ? HttpStatusCode.Created : HttpStatusCode.OK) { Content = content, RequestMessage = request };
    }
}

/// <summary>The page shape every peer decodes into (the SDK's public <see cref="Snapshot"/> model inside).</summary>
public sealed class RawPage
{
    public int Count { get; set; }

    public string? Next { get; set; }

    public string? Previous { get; set; }

    public List<Snapshot> Results { get; set; } = [];
}

/// <summary>A source-generated System.Text.Json context shared by the raw baseline and the peers.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RawPage))]
[JsonSerializable(typeof(Snapshot))]
[JsonSerializable(typeof(CreateSnapshotRequest))]
public sealed partial class BenchJsonContext : JsonSerializerContext
{
    public static readonly JsonSerializerOptions SharedOptions = new() { TypeInfoResolver = Default, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
}

/// <summary>Logging at Information that formats every message (so its cost counts) and then throws the text away.</summary>
public sealed class DiscardingLoggerProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => DiscardingLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class DiscardingLogger : ILogger
    {
        public static readonly DiscardingLogger Instance = new();

        public static int Sink;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Sink ^= formatter(state, exception).Length;
            }
        }
    }
}
