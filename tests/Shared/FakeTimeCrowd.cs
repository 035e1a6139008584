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
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (!task.IsCompleted)
        {
            await SettleAsync(task);
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

    internal static async Task SettleAsync(Task task)
    {
        // Idle means: nothing queued on the thread pool, nothing finished there, and (on Linux, where the kernel tells)
        // no other thread of this process running or runnable, for several looks in a row. A continuation running on
        // a thread the machine has preempted shows in neither of the pool's counts, but it is still runnable.
        var quiet = 0;
        var completed = ThreadPool.CompletedWorkItemCount;
        for (var spin = 0; spin < 100_000 && quiet < 8 && !task.IsCompleted; spin++)
        {
            await Task.Yield();
            Thread.Sleep(0);
            var now = ThreadPool.CompletedWorkItemCount;

            // Our own yield completes one work item per look.
            quiet = ThreadPool.PendingWorkItemCount == 0 && now - completed <= 1 && !OtherThreadsRunning() ? quiet + 1 : 0;
            completed = now;
        }
    }

    /// <summary>Whether another thread of this process is running or runnable (Linux: /proc); false where that cannot be told.</summary>
    private static bool OtherThreadsRunning()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        string own;
        try
        {
            own = Path.GetFileName(new DirectoryInfo("/proc/thread-self").ResolveLinkTarget(returnFinalTarget: false)?.FullName ?? string.Empty);
        }
        catch (IOException)
        {
            return false;
        }

        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (Path.GetFileName(task) == own)
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var state = stat[stat.LastIndexOf(')') + 2];
                if (state == 'R')
                {
                    return true;
                }
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }

        return false;
    }
}
