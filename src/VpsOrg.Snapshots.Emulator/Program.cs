using System;
using System.IO;
using System.Text.Json;
using VpsOrg.Snapshots.Emulator;
using VpsOrg.Snapshots.Testing;

// dotnet run --project src/VpsOrg.Snapshots.Emulator -- --urls http://127.0.0.1:5080   (or: vps-snapshots-emulator ...)
EmulatorSettings settings;
try
{
    settings = EmulatorSettings.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"error: {ex.Message} Try --help.");
    return 2;
}

if (settings.Help)
{
    Console.WriteLine(EmulatorSettings.Usage);
    return 0;
}

var emulator = new SnapshotsEmulator(settings.Options);
if (settings.WorldFile is { } file)
{
    try
    {
        AdminApi.LoadWorld(emulator, File.ReadAllBytes(file), asStart: true);
    }
    catch (Exception ex) when (ex is JsonException or ArgumentException)
    {
        Console.Error.WriteLine($"error: --world {file}: {ex.Message}");
        return 2;
    }
}

await using var host = await EmulatorHost.StartAsync(emulator, settings.Url, manualClock: settings.ManualClock, adminToken: settings.AdminToken);
Console.WriteLine($"VPS.org Snapshots API emulator listening on {host.BaseAddress}");
// A token of the caller's own (an orchestrator's generated secret) is never written out; the well-known default is.
var shownToken = settings.Options.Token == SnapshotsEmulator.DefaultToken ? settings.Options.Token : "<the token it was given>";
Console.WriteLine($"Token: {shownToken}");
Console.WriteLine($"Try: curl -H 'Authorization: Bearer {shownToken}' {host.BaseAddress}api/v1/snapshots/");
Console.WriteLine($"Admin API: {host.BaseAddress}_emulator/ (health, reset, world, faults, requests, clock/advance, rate-limit){(settings.ManualClock is null ? string.Empty : "; the clock is manual")}");
Console.WriteLine(settings.Options.RequestLogLimit is { } kept ? $"Request log: the latest {kept} requests" : "Request log: every request");
if (settings.Options.RateLimit is { } limit)
{
    Console.WriteLine($"Rate limit: {limit} (429 with Retry-After beyond it)");
}

Console.WriteLine("Press Ctrl+C to stop.");
await host.WaitForShutdownAsync();
return 0;
