using Microsoft.Extensions.Time.Testing;

namespace VpsOrg.Snapshots.Tests.TestSupport;

/// <summary>
/// Runs many concurrent callers to completion on fake time: moves the clock in small steps, and between steps lets
/// every continuation that is ready run (the thread pool drained, no real waiting), so a run of simulated minutes
/// takes a moment and its outcome does not depend on the machine's speed.
/// </summary>
public static class FakeTimeCrowd
{

    /// <summary>Starts <paramref name="callers"/> callers at once and drives <paramref name="time"/> until all are done.</summary>
    /// <returns>How much fake time the whole run took.</returns>
    public static async Task<TimeSpan> RunAsync(FakeTimeProvider time, int callers, Func<int, Task> caller, TimeSpan step, TimeSpan limit)
    {
        var start = time.GetUtcNow();
        var all = Task.WhenAll(Enumerable.Range(0, callers).Select(i => Task.Run(() => caller(i))));
        await DriveAsync(time, all, step, limit);
        return time.GetUtcNow() - start;
    }

    /// <summary>Drives <paramref name="time"/> in <paramref name="step"/>s until <paramref name="task"/> completes, or fails the test past <paramref name="limit"/> of fake time.</summary>
    public static async Task DriveAsync(FakeTimeProvider time, Task task, TimeSpan step, TimeSpan limit)
    {
        var end = time.GetUtcNow() + limit;
        var steps = 0;
        var gauge = new IdleGauge();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (!task.IsCompleted)
        {
            await SettleAsync(task, gauge);
            if (task.IsCompleted)
            {
                break;
            }

            if (time.GetUtcNow() >= end)
            {
                throw new TimeoutException($"Not done after {limit} of fake time ({steps} steps in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s).");
            }

            steps++;

            time.Advance(step);
        }

        await task;
    }

    internal static async Task SettleAsync(Task task, IdleGauge gauge)
    {
        // Idle means, for several looks in a row: nothing queued on the thread pool, nothing finished there but this
        // driver's own yield, and no more pool threads busy than the fewest seen in this run (threads the test host keeps
        // blocked are busy the whole time; one running a continuation, even one the machine preempted, is busy above
        // them). The runtime's own counts, never the machine's load.
        var quiet = 0;
        var completed = ThreadPool.CompletedWorkItemCount;
        for (var spin = 0; spin < 100_000 && quiet < 8 && !task.IsCompleted; spin++)
        {
            await Task.Yield();
            Thread.Sleep(0);
            var now = ThreadPool.CompletedWorkItemCount;
            var busy = gauge.Busy();
            quiet = ThreadPool.PendingWorkItemCount == 0 && now - completed <= 1 && busy <= gauge.Floor ? quiet + 1 : 0;
            completed = now;
        }
    }

    /// <summary>How many pool threads are busy running work, and the fewest seen in one run.</summary>
    internal sealed class IdleGauge
    {
        public int Floor { get; private set; } = int.MaxValue;

        public int Busy()
        {
            ThreadPool.GetMaxThreads(out var max, out _);
            ThreadPool.GetAvailableThreads(out var available, out _);
            // Not counting the driver itself, which runs on a pool thread at times.
            var busy = max - available - (Thread.CurrentThread.IsThreadPoolThread ? 1 : 0);
            Floor = Math.Min(Floor, busy);
            return busy;
        }
    }
}
