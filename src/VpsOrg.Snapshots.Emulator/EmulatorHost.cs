using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using VpsOrg.Snapshots.Testing;

namespace VpsOrg.Snapshots.Emulator;

/// <summary>
/// Serves a <see cref="SnapshotsEmulator"/> over HTTP with Kestrel, on loopback. The same emulator answers as in
/// memory; this is only its transport. Start it on port 0 in a test or sample and read <see cref="BaseAddress"/>.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmulatorHost(WebApplication app, SnapshotsEmulator emulator, Uri baseAddress)
    {
        _app = app;
        Emulator = emulator;
        BaseAddress = baseAddress;
    }

    /// <summary>The emulator being served.</summary>
    public SnapshotsEmulator Emulator { get; }

    /// <summary>The address it listens on, for example <c>http://127.0.0.1:5080/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts serving <paramref name="emulator"/> on <paramref name="url"/> (loopback only).</summary>
    /// <param name="emulator">The emulator to serve.</param>
    /// <param name="url">Where to listen; <c>http://127.0.0.1:0</c> picks a free port.</param>
    /// <param name="configureLogging">Optional logging setup; by default only warnings are logged.</param>
    /// <param name="manualClock">The emulator's clock when it is manual, moved by <c>POST /_emulator/clock/advance</c>; <see langword="null"/> for none.</param>
    /// <param name="adminToken">The bearer token the admin API under <c>/_emulator/</c> requires; open (on loopback) when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running host; dispose it to stop.</returns>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not a loopback address.</exception>
    public static async Task<EmulatorHost> StartAsync(
        SnapshotsEmulator emulator,
        string url = "http://127.0.0.1:0",
        Action<ILoggingBuilder>? configureLogging = null,
        FakeTimeProvider? manualClock = null,
        string? adminToken = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var requested) || !requested.IsLoopback)
        {
            throw new ArgumentException($"The emulator only listens on loopback addresses (127.0.0.1, [::1], localhost), not '{url}'.", nameof(url));
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        if (configureLogging is not null)
        {
            configureLogging(builder.Logging);
        }
        else
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        }

        var app = builder.Build();
        var admin = new AdminApi(emulator, manualClock, adminToken);
        app.Run(context => context.Request.Path.StartsWithSegments("/_emulator", StringComparison.Ordinal) ? admin.HandleAsync(context) : ServeAsync(emulator, context));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var baseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        return new EmulatorHost(app, emulator, baseAddress);
    }

    /// <summary>Waits until the host is stopped (Ctrl+C or <see cref="DisposeAsync"/>).</summary>
    /// <returns>A task that completes when the host stops.</returns>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    /// <summary>Stops serving.</summary>
    /// <returns>A task that completes when the host has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task ServeAsync(SnapshotsEmulator emulator, HttpContext context)
    {
        var request = context.Request;
        byte[]? body = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            body = buffer.ToArray();
        }

        var emulated = new EmulatorRequest(
            request.Method,
            new Uri($"{request.Scheme}://{request.Host}/"),
            request.Path.Value ?? "/",
            request.QueryString.Value ?? string.Empty,
            request.Headers.Authorization.Count > 0 ? request.Headers.Authorization.ToString() : null,
            body);

        var answer = await emulator.HandleAsync(emulated, context.RequestAborted).ConfigureAwait(false);
        if (answer.Drop || answer.Refuse)
        {
            context.Abort();
            return;
        }

        var response = context.Response;
        response.StatusCode = answer.StatusCode;
        foreach (var header in answer.Headers)
        {
            response.Headers[header.Key] = header.Value;
        }

        if (answer.ContentType is not null)
        {
            response.ContentType = answer.ContentType;
            response.ContentLength = answer.Body.Length;
            await response.Body.WriteAsync(answer.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
