using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using VpsOrg.Snapshots.Emulator;
using VpsOrg.Snapshots.Testing;

namespace VpsOrg.Snapshots.Benchmarks;

/// <summary>
/// SPEC section 7's many-at-once targets on a real clock over loopback, against the Kestrel emulator throttling as DRF
/// does: (a) 16 callers x 10 lists on one client at 10 requests/s, burst 5; (b) the real <c>vps-snapshots</c>
/// executable rotating 40 and 200 servers with --parallel at N, at 20 requests/s, burst 20, snapshots taking 6 s.
/// Each prints wall time against the rate's own time, requests, 429s and calls or servers failed. What fake time cannot
/// show (when a first wave really goes out, how long a pace really waits) shows here.
/// </summary>
public static class ThrottledRuns
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        Console.WriteLine("| scenario | run | wall time | the rate's own time | x | requests | 429 | % 429 | failed | lists per server |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (var run = 1; run <= runs; run++)
        {
            Console.WriteLine(await CallersAsync(run));
            Console.WriteLine(await RotateAsync(run, servers: 40));
            Console.WriteLine(await RotateAsync(run, servers: 200));
        }

        return 0;
    }

    /// <summary>16 callers x 10 lists: 160 requests take (160 - 5) / 10 = 15.5 s at the rate itself.</summary>
    private static async Task<string> CallersAsync(int run)
    {
        var emulator = new SnapshotsEmulator(new SnapshotsEmulatorOptions { RateLimit = new EmulatorRateLimit(10, TimeSpan.FromSeconds(1), burst: 5) });
        await using var host = await EmulatorHost.StartAsync(emulator, configureLogging: l => l.ClearProviders());
        using var client = new SnapshotsClient(new VpsSnapshotsOptions { BaseAddress = host.BaseAddress, ApiToken = emulator.Token });
        var failed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                try
                {
                    await client.ListAsync(12345);
                }
                catch (Exception ex) when (ex is VpsApiException or HttpRequestException or TimeoutException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })));
        clock.Stop();
        return Row("16 callers x 10 lists, 10/s burst 5", run, clock.Elapsed, TimeSpan.FromSeconds(15.5), emulator.Requests, failed, servers: 0);
    }

    /// <summary>
    /// The real executable: rotate --keep 2 --parallel N over N servers that each hold two of the schedule's snapshots
    /// and one made by hand. The rate's own time: every request the work needs (a create, a listing and a delete per
    /// server) at 20/s, or the creates at the rate and then one snapshot's time, whichever is longer.
    /// </summary>
    private static async Task<string> RotateAsync(int run, int servers)
    {
        var snapshot = TimeSpan.FromSeconds(6);
        var emulator = new SnapshotsEmulator(new SnapshotsEmulatorOptions
        {
            SeedWorld = false,
            CompletionDelay = snapshot,
            RateLimit = new EmulatorRateLimit(20, TimeSpan.FromSeconds(1), burst: 20),
        });
        var ids = Enumerable.Range(200_001, servers).Select(i => (long)i).ToList();
        foreach (var id in ids)
        {
            emulator.AddServer(id, "app-" + id);
            emulator.AddSnapshot(id, "auto-20261125-020000", DateTimeOffset.UtcNow.AddDays(-2), sizeMb: 100);
            emulator.AddSnapshot(id, "auto-20261126-020000", DateTimeOffset.UtcNow.AddDays(-1), sizeMb: 100);
            emulator.AddSnapshot(id, "by-hand", DateTimeOffset.UtcNow.AddDays(-3), sizeMb: 100);
        }

        await using var host = await EmulatorHost.StartAsync(emulator, configureLogging: l => l.ClearProviders());
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "vps-snapshots.dll"), "rotate", "--servers-file", "-", "--keep", "2", "--parallel", servers.ToString(CultureInfo.InvariantCulture), "-o", "json" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["VPS_API_BASE_ADDRESS"] = host.BaseAddress.ToString();
        start.Environment["VPS_API_TOKEN"] = emulator.Token;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(string.Join("\n", ids));
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        clock.Stop();
        await stderr;
        var failed = JsonDocument.Parse(await stdout).RootElement.EnumerateArray().Count(r => r.GetProperty("error").ValueKind != JsonValueKind.Null);
        var rateTime = TimeSpan.FromSeconds(Math.Max(3.0 * servers / 20, (servers / 20.0) + snapshot.TotalSeconds));
        return Row($"rotate --parallel {servers}, {servers} servers, 20/s burst 20, 6 s snapshots", run, clock.Elapsed, rateTime, emulator.Requests, failed, servers);
    }

    private static string Row(string scenario, int run, TimeSpan took, TimeSpan rateTime, IReadOnlyList<EmulatorRequestRecord> requests, int failed, int servers)
    {
        var throttled = requests.Count(r => r.StatusCode == 429);
        var lists = servers == 0 ? "" : ((double)requests.Count(r => r.Method == "GET" && r.StatusCode != 429) / servers).ToString("0.00", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"| {scenario} | {run} | {took.TotalSeconds:0.0} s | {rateTime.TotalSeconds:0.0} s | {took / rateTime:0.00} | {requests.Count} | {throttled} | {100.0 * throttled / requests.Count:0.0} | {failed} | {lists} |");
    }
}
