using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VpsOrg.Snapshots.Emulator;
using VpsOrg.Snapshots.Testing;

namespace VpsOrg.Snapshots.Benchmarks;

/// <summary>
/// The SDK's cost per call when many calls share a machine: callers making lists over real loopback HTTP against the
/// Kestrel emulator in this process, raw <see cref="HttpClient"/> beside the SDK and beside its layers one by one.
/// Each round runs every contender once, in a random order; the figures are medians over the rounds (the machine is
/// noisy: compare within one run). Bytes per call count both sides (client and emulator), which are the same for all.
/// </summary>
public static class LoopbackLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var callers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 16;
        var calls = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3000;
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 11;

        await using var host = await EmulatorHost.StartAsync(new SnapshotsEmulator(), configureLogging: l => l.ClearProviders());
        var contenders = Contenders(host.BaseAddress);
        var throughput = contenders.ToDictionary(c => c.Name, _ => new List<double>());
        var bytes = contenders.ToDictionary(c => c.Name, _ => new List<double>());
        var cpu = contenders.ToDictionary(c => c.Name, _ => new List<double>());
        var random = new Random(20261202);

        foreach (var contender in contenders)
        {
            await RunRoundAsync(contender, callers, Math.Min(calls, 200));
        }

        for (var round = 0; round < rounds; round++)
        {
            foreach (var contender in contenders.OrderBy(_ => random.Next()))
            {
                var (perSecond, perCall, cpuPerCall) = await RunRoundAsync(contender, callers, calls);
                throughput[contender.Name].Add(perSecond);
                bytes[contender.Name].Add(perCall);
                cpu[contender.Name].Add(cpuPerCall);
            }
        }

        var raw = Median(throughput[contenders[0].Name]);
        var rawBytes = Median(bytes[contenders[0].Name]);
        var rawCpu = Median(cpu[contenders[0].Name]);
        Console.WriteLine($"{callers} caller(s), {calls} lists a round, {rounds} rounds in random order; medians:");
        Console.WriteLine("| client | lists/s | vs raw | CPU per call (both sides) | vs raw | bytes per call (both sides) | vs raw |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var contender in contenders)
        {
            var t = Median(throughput[contender.Name]);
            var b = Median(bytes[contender.Name]);
            var c = Median(cpu[contender.Name]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {contender.Name} | {t:0} | {t / raw:0.00} (min {throughput[contender.Name].Min() / raw:0.00}, max {throughput[contender.Name].Max() / raw:0.00}) | {c:0.0} us | {c / rawCpu:0.00} | {b:0} | {b - rawBytes:+0;-0;0} |"));
        }

        foreach (var contender in contenders)
        {
            contender.Dispose();
        }

        return 0;
    }

    internal static async Task<(double PerSecond, double BytesPerCall, double CpuMicrosecondsPerCall)> RunRoundAsync(Contender contender, int callers, int calls)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var perCaller = calls / callers;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < perCaller; i++)
            {
                var count = await contender.ListAsync();
                if (count != 2)
                {
                    throw new InvalidOperationException($"{contender.Name} listed {count} snapshots.");
                }
            }
        })));
        clock.Stop();
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart;
        var total = perCaller * callers;
        return (total / clock.Elapsed.TotalSeconds, (double)(GC.GetTotalAllocatedBytes(precise: true) - allocated) / total, cpuUsed.TotalMicroseconds / total);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    internal static List<Contender> Contenders(Uri baseAddress)
    {
        var options = new VpsSnapshotsOptions { BaseAddress = baseAddress, ApiToken = SnapshotsEmulator.DefaultToken };
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddVpsSnapshots(o =>
        {
            o.BaseAddress = baseAddress;
            o.ApiToken = SnapshotsEmulator.DefaultToken;
        });
        var provider = services.BuildServiceProvider();
        var once = provider.GetRequiredService<ISnapshotsClient>();
        var owned = new SnapshotsClient(options);
        var overRaw = new SnapshotsClient(new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }), options);
        return
        [
            new RawContender("raw HttpClient + source-generated JSON", baseAddress, decompression: false, timers: false),
            new RawContender("raw + a budget and an attempt timer per call", baseAddress, decompression: false, timers: true),
            new RawContender("raw + automatic decompression", baseAddress, decompression: true, timers: false),
            new SdkContender("SDK over a caller's HttpClient (its transport)", () => overRaw, overRaw),
            new SdkContender("SDK, owned client (its handlers and primary handler)", () => owned, owned),
            new SdkContender("SDK via AddVpsSnapshots, resolved once", () => once, provider),
            new SdkContender("SDK via AddVpsSnapshots, resolved per call", provider.GetRequiredService<ISnapshotsClient>, null),
        ];
    }

    internal abstract class Contender(string name) : IDisposable
    {
        public string Name { get; } = name;

        public abstract Task<int> ListAsync();

        public void Dispose() => Release();

        protected virtual void Release()
        {
        }
    }

    private sealed class SdkContender(string name, Func<ISnapshotsClient> client, IDisposable? owned) : Contender(name)
    {
        public override async Task<int> ListAsync() => (await client().ListAsync()).Results.Count;

        protected override void Release() => owned?.Dispose();
    }

    private sealed class RawContender : Contender
    {
        private static readonly AuthenticationHeaderValue Bearer = new("Bearer", SnapshotsEmulator.DefaultToken);
        private readonly HttpClient _http;
        private readonly bool _timers;

        public RawContender(string name, Uri baseAddress, bool decompression, bool timers)
            : base(name)
        {
            _timers = timers;
            _http = new HttpClient(new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = decompression ? DecompressionMethods.All : DecompressionMethods.None,
            })
            {
                BaseAddress = baseAddress,
            };
        }

        public override async Task<int> ListAsync()
        {
            using var budget = _timers ? new CancellationTokenSource(TimeSpan.FromSeconds(100)) : null;
            using var attempt = budget is null ? null : CancellationTokenSource.CreateLinkedTokenSource(budget.Token);
            attempt?.CancelAfter(TimeSpan.FromSeconds(30));
            var token = attempt?.Token ?? CancellationToken.None;
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/snapshots/");
            request.Headers.Authorization = Bearer;
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync(token);
            var page = await JsonSerializer.DeserializeAsync(stream, BenchJsonContext.Default.RawPage, token);
            return page!.Results.Count;
        }

        protected override void Release() => _http.Dispose();
    }
}
