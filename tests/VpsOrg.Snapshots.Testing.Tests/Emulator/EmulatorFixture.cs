using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace VpsOrg.Snapshots.Testing.Tests.Emulator;

/// <summary>An emulator on a fake clock with a raw <see cref="HttpClient"/> over it, to check the wire itself.</summary>
public sealed class EmulatorFixture : IDisposable
{
    public EmulatorFixture(Action<SnapshotsEmulatorOptions>? configure = null)
    {
        var options = new SnapshotsEmulatorOptions { TimeProvider = Time };
        configure?.Invoke(options);
        Emulator = new SnapshotsEmulator(options);
        Raw = new HttpClient(Emulator.CreateHandler()) { BaseAddress = SnapshotsEmulator.InMemoryBaseAddress };
        Raw.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SnapshotsEmulator.DefaultToken);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 16, 16, 15, 0, TimeSpan.Zero));

    public SnapshotsEmulator Emulator { get; }

    public HttpClient Raw { get; }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>The response headers of the last <see cref="SendAsync"/>.</summary>
    public Dictionary<string, string> LastHeaders { get; } = new(StringComparer.OrdinalIgnoreCase);

    public async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? json = null, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : Json(json) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await Raw.SendAsync(request);
        LastHeaders.Clear();
        foreach (var header in response.Headers)
        {
            LastHeaders[header.Key] = string.Join(",", header.Value);
        }

        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, body);
    }

    public void Dispose() => Raw.Dispose();
}
