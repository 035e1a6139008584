using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Time.Testing;
using VpsOrg.Snapshots.Cli;
using VpsOrg.Snapshots.Cli.Infrastructure;
using VpsOrg.Snapshots.Testing;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Benchmarks;

/// <summary>
/// The fleet scenario as it grows (SPEC section 7, "Scale, measured"): the real <c>vps-snapshots rotate</c> over N
/// servers against the in-memory emulator on fake time, snapshots taking 5 minutes, the API allowing 10 requests/s.
/// Each server holds two completed snapshots of the schedule and one made by hand, and keeps 2: one create and one
/// delete per server. The clock jumps from one timer to the next (a whole night in seconds of CPU).
/// </summary>
public static class FleetScale
{
    private static double Rate = 10;
    private static TimeSpan SnapshotTime = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(string[] args)
    {
        // fleet [N ...] [--rate R] [--snapshot-seconds S] [--all-at-once]: the SPEC's scenario by default (10/s,
        // 5-minute snapshots); --all-at-once runs only --parallel N (not the default 8, nor one at a time).
        var sizes = new List<int>();
        var allAtOnce = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--rate":
                    Rate = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--all-at-once":
                    allAtOnce = true;
                    break;
                case "--snapshot-seconds":
                    SnapshotTime = TimeSpan.FromSeconds(double.Parse(args[++i], CultureInfo.InvariantCulture));
                    break;
                default:
                    sizes.Add(int.Parse(args[i], CultureInfo.InvariantCulture));
                    break;
            }
        }

        if (sizes.Count == 0)
        {
            sizes = [10, 100, 1000];
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Rate} requests/s, snapshots taking {SnapshotTime.TotalSeconds} s"));
        Console.WriteLine("| servers | --parallel | simulated time | bound | ratio | requests per server | lists per server | 429s | CPU time |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var n in sizes)
        {
            foreach (var parallel in (allAtOnce ? new[] { n } : [n, 8, 1]).Distinct())
            {
                if (parallel == 1 && n > 100)
                {
                    continue;
                }

                var row = await RunOnceAsync(n, parallel);
                Console.WriteLine(row);
            }
        }

        return 0;
    }

    private static async Task<string> RunOnceAsync(int servers, int parallel)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero));
        var emulator = new SnapshotsEmulator(new SnapshotsEmulatorOptions
        {
            TimeProvider = time,
            CompletionDelay = SnapshotTime,
            SeedWorld = false,
            RateLimit = new EmulatorRateLimit((int)Rate, TimeSpan.FromSeconds(1)),
        });
        var ids = Enumerable.Range(100_001, servers).Select(i => (long)i).ToList();
        foreach (var id in ids)
        {
            emulator.AddServer(id, "app-" + id);
            emulator.AddSnapshot(id, "auto-20261125-020000", time.GetUtcNow().AddDays(-2));
            emulator.AddSnapshot(id, "auto-20261126-020000", time.GetUtcNow().AddDays(-1));
            emulator.AddSnapshot(id, "by-hand", time.GetUtcNow().AddDays(-3));
        }

        var environment = new CliEnvironment
        {
            Out = TextWriter.Null,
            Error = TextWriter.Null,
            In = new StringReader(string.Join("\n", ids)),
            GetVariable = name => name switch
            {
                "VPS_API_TOKEN" => emulator.Token,
                "VPS_API_BASE_ADDRESS" => SnapshotsEmulator.InMemoryBaseAddress.ToString(),
                _ => null,
            },
            Time = time,
            PrimaryHandler = emulator.CreateHandler(),
            Emulator = emulator,
        };
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var start = time.GetUtcNow();
        var run = Task.Run(() => CliApp.RunAsync(["rotate", "--servers-file", "-", "--keep", "2", "--parallel", parallel.ToString(CultureInfo.InvariantCulture), "-o", "json"], environment));
        await JumpFromTimerToTimerAsync(time, run);
        var exit = await run;
        var took = time.GetUtcNow() - start;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;

        var requests = emulator.Requests;
        var throttled = requests.Count(r => r.StatusCode == 429);
        var lists = requests.Count(r => r.Method == "GET" && r.StatusCode != 429);

        // SPEC section 7's bound, what no client that keeps each old snapshot until its replacement is complete can beat:
        // the creates at the rate, then one snapshot's time, then the last server's listing and delete; or all the
        // requests the work needs (a create, a listing and a delete per server) at the rate, when that is longer.
        var bound = TimeSpan.FromSeconds(Math.Max((servers / Rate) + SnapshotTime.TotalSeconds + (2 / Rate), 3.0 * servers / Rate));
        var name = exit == 0 ? string.Empty : $" (exit {exit})";
        if (Environment.GetEnvironmentVariable("FLEET_TIMELINE") is not null)
        {
            // Where the time goes: when the creates went out, how many listings went out meanwhile, when the deletes did.
            var posts = requests.Where(r => r.Method == "POST" && r.StatusCode == 201).Select(r => (r.At - start).TotalSeconds).ToList();
            var lastPost = posts.Max();
            var deletes = requests.Where(r => r.Method == "DELETE" && r.StatusCode == 204).Select(r => (r.At - start).TotalSeconds).ToList();
            var listsBeforeLastPost = requests.Count(r => r.Method == "GET" && (r.At - start).TotalSeconds <= lastPost);
            var throttledBeforeLastPost = requests.Count(r => r.StatusCode == 429 && (r.At - start).TotalSeconds <= lastPost);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"creates {posts.Min():0}-{lastPost:0} s, lists meanwhile {listsBeforeLastPost}, 429s meanwhile {throttledBeforeLastPost}; deletes {deletes.DefaultIfEmpty().Min():0}-{deletes.DefaultIfEmpty().Max():0} s; lists after the last create {lists - listsBeforeLastPost}"));
        }

        return string.Create(CultureInfo.InvariantCulture, $"| {servers} | {parallel} | {Short(took)}{name} | {Short(bound)} | {took / bound:0.00} | {(double)requests.Count / servers:0.00} | {(double)lists / servers:0.00} | {throttled} | {cpu.TotalSeconds:0.0} s |");
    }

    /// <summary>Lets every ready continuation run, then moves the clock to the next timer due (no fixed step: a night in a moment).</summary>
    private static async Task JumpFromTimerToTimerAsync(FakeTimeProvider time, Task run)
    {
        var waitersField = typeof(FakeTimeProvider).GetField("Waiters", BindingFlags.NonPublic | BindingFlags.Instance)!;
        var waiters = (System.Collections.IEnumerable)waitersField.GetValue(time)!;
        PropertyInfo? wakeup = null;
        var idle = 0;
        var gauge = new FakeTimeCrowd.IdleGauge();
        while (!run.IsCompleted)
        {
            await FakeTimeCrowd.SettleAsync(run, gauge);
            if (run.IsCompleted)
            {
                break;
            }

            long next = long.MaxValue;
            lock (waiters)
            {
                foreach (var waiter in waiters)
                {
                    wakeup ??= waiter.GetType().GetProperty("WakeupTime")!;
                    next = Math.Min(next, (long)wakeup.GetValue(waiter)!);
                }
            }

            if (next == long.MaxValue)
            {
                // Nothing is waiting on the clock: work is still on its way to a timer.
                if (++idle > 10_000)
                {
                    throw new InvalidOperationException("The run stopped: nothing waits on the clock and nothing runs.");
                }

                continue;
            }

            idle = 0;
            var at = new DateTimeOffset(Math.Max(next, time.GetUtcNow().UtcTicks), TimeSpan.Zero);
            time.SetUtcNow(at > time.GetUtcNow() ? at : time.GetUtcNow() + TimeSpan.FromMilliseconds(1));
        }
    }

    private static string Short(TimeSpan span) => span.TotalMinutes >= 2 ? $"{span.TotalMinutes:0.0} min" : $"{span.TotalSeconds:0} s";
}
