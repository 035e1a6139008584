using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Extensions.Logging;
using VpsOrg.Snapshots.Emulator;
using VpsOrg.Snapshots.Testing;

namespace VpsOrg.Snapshots.Benchmarks;

/// <summary>
/// Where one loopback contender's bytes go: the runtime's allocation sampling (an event about every 100 KB, naming
/// the type that crossed the line) while the contender runs its lists, printed per type as bytes per call. Run it
/// for raw and for the SDK and compare: the types only the SDK shows are its cost. Both sides (client and emulator)
/// are in the process, so the emulator's types show in both.
/// </summary>
public static class AllocationSampler
{
    public static async Task<int> RunAsync(string[] args)
    {
        var name = args.Length > 0 ? args[0] : "resolved once";
        var calls = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 60_000;
        var callers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16;

        await using var host = await EmulatorHost.StartAsync(new SnapshotsEmulator(), configureLogging: l => l.ClearProviders());
        var contenders = LoopbackLoad.Contenders(host.BaseAddress);
        var contender = contenders.First(c => c.Name.Contains(name, StringComparison.OrdinalIgnoreCase));
        await LoopbackLoad.RunRoundAsync(contender, callers, 2_000);

        using var listener = new AllocationListener();
        var (_, perCall, _) = await LoopbackLoad.RunRoundAsync(contender, callers, calls);
        listener.Stop();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{contender.Name}: {perCall:0} bytes per call (both sides); sampled types, bytes per call:"));
        var sampled = listener.Bytes.Values.Sum();
        foreach (var (type, bytes) in listener.Bytes.OrderByDescending(p => p.Value).Take(40))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{perCall * bytes / sampled,8:0}  {type}"));
        }

        foreach (var c in contenders)
        {
            c.Dispose();
        }

        return 0;
    }

    private sealed class AllocationListener : EventListener
    {
        private volatile bool _on = true;

        public Dictionary<string, long> Bytes { get; } = [];

        public void Stop() => _on = false;

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: AllocationTick
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs data)
        {
            if (!_on || data.EventName is not "GCAllocationTick_V4" and not "GCAllocationTick_V3" || data.Payload is null)
            {
                return;
            }

            var type = data.Payload[data.PayloadNames!.IndexOf("TypeName")] as string ?? "?";
            var amount = Convert.ToInt64(data.Payload[data.PayloadNames.IndexOf("AllocationAmount64")], CultureInfo.InvariantCulture);
            lock (Bytes)
            {
                Bytes[type] = Bytes.GetValueOrDefault(type) + amount;
            }
        }
    }
}
