using System.Net.Http.Headers;
using System.Text.Json;
using Flurl.Http;
using Flurl.Http.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Refit;
using RestSharp;
using RestSharp.Serializers.Json;

namespace VpsOrg.Snapshots.Benchmarks;

public interface IRefitSnapshots
{
    [Get("/api/v1/snapshots/")]
    Task<RawPage> ListAsync([Authorize("Bearer")] string token, CancellationToken cancellationToken = default);

    [Post("/api/v1/snapshots/")]
    Task<Snapshot> CreateAsync([Authorize("Bearer")] string token, [Body] CreateSnapshotRequest request, CancellationToken cancellationToken = default);
}

/// <summary>Each contender, idiomatically built over the same in-memory handler.</summary>
public sealed class Clients : IDisposable
{
    private static readonly AuthenticationHeaderValue Bearer = new("Bearer", Payloads.Token);

    private readonly ServiceProvider _services;

    public Clients(HttpMessageHandler handler)
    {
        Raw = new HttpClient(handler, disposeHandler: false) { BaseAddress = Payloads.BaseAddress };

        var services = new ServiceCollection();
        services.AddLogging(b => b.ClearProviders().AddProvider(new DiscardingLoggerProvider()).SetMinimumLevel(LogLevel.Information));
        services.AddVpsSnapshots(o => o.ApiToken = Payloads.Token).ConfigurePrimaryHttpMessageHandler(() => handler);
        _services = services.BuildServiceProvider();
        Sdk = _services.GetRequiredService<ISnapshotsClient>();

        Refit = RestService.For<IRefitSnapshots>(
            new HttpClient(handler, disposeHandler: false) { BaseAddress = Payloads.BaseAddress },
            new RefitSettings { ContentSerializer = new SystemTextJsonContentSerializer(BenchJsonContext.SharedOptions) });

        RestSharp = new RestClient(
            new HttpClient(handler, disposeHandler: false) { BaseAddress = Payloads.BaseAddress },
            disposeHttpClient: true,
            configureSerialization: s => s.UseSystemTextJson(BenchJsonContext.SharedOptions));

        Flurl = new FlurlClient(new HttpClient(handler, disposeHandler: false) { BaseAddress = Payloads.BaseAddress });
        Flurl.Settings.JsonSerializer = new DefaultJsonSerializer(BenchJsonContext.SharedOptions);
    }

    public HttpClient Raw { get; }

    public ISnapshotsClient Sdk { get; }

    public IRefitSnapshots Refit { get; }

    public RestClient RestSharp { get; }

    public FlurlClient Flurl { get; }

    public async Task<RawPage> RawListAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/snapshots/");
        request.Headers.Authorization = Bearer;
        using var response = await Raw.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        return (await JsonSerializer.DeserializeAsync(stream, BenchJsonContext.Default.RawPage))!;
    }

    public async Task<Snapshot> RawCreateAsync(CreateSnapshotRequest body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/snapshots/");
        request.Headers.Authorization = Bearer;
        request.Content = System.Net.Http.Json.JsonContent.Create(body, BenchJsonContext.Default.CreateSnapshotRequest);
        using var response = await Raw.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        return (await JsonSerializer.DeserializeAsync(stream, BenchJsonContext.Default.Snapshot))!;
    }

    public async Task<RawPage> RestSharpListAsync()
    {
        var request = new RestRequest("api/v1/snapshots/").AddHeader("Authorization", "Bearer " + Payloads.Token);
        var response = await RestSharp.ExecuteGetAsync<RawPage>(request);
        return response.IsSuccessful ? response.Data! : throw new InvalidOperationException(response.ErrorMessage);
    }

    public async Task<Snapshot> RestSharpCreateAsync(CreateSnapshotRequest body)
    {
        var request = new RestRequest("api/v1/snapshots/", Method.Post).AddHeader("Authorization", "Bearer " + Payloads.Token).AddJsonBody(body);
        var response = await RestSharp.ExecutePostAsync<Snapshot>(request);
        return response.IsSuccessful ? response.Data! : throw new InvalidOperationException(response.ErrorMessage);
    }

    public Task<RawPage> FlurlListAsync() =>
        Flurl.Request("api/v1/snapshots/").WithOAuthBearerToken(Payloads.Token).GetJsonAsync<RawPage>();

    public async Task<Snapshot> FlurlCreateAsync(CreateSnapshotRequest body)
    {
        var response = await Flurl.Request("api/v1/snapshots/").WithOAuthBearerToken(Payloads.Token).PostJsonAsync(body);
        return await response.GetJsonAsync<Snapshot>();
    }

    public void Dispose()
    {
        _services.Dispose();
        Raw.Dispose();
        RestSharp.Dispose();
        Flurl.Dispose();
    }
}
