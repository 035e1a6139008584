using Microsoft.Extensions.Time.Testing;

namespace VpsOrg.Snapshots.Tests.TestSupport;

/// <summary>Runs a task to completion on fake time: nothing in a test waits for the real clock to pass.</summary>
public static class FakeTimeDriver
{
    /// <summary>
    /// Moves <paramref name="time"/> forward in <paramref name="step"/>s until <paramref name="task"/> completes,
    /// letting the pipeline's continuations reach their next timer between steps. Bounded, so a hung task
    /// fails the test instead of hanging it.
    /// </summary>
    public static async Task<T> DriveAsync<T>(this FakeTimeProvider time, Task<T> task, TimeSpan step, int maxSteps = 5000)
    {
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            await SettleAsync(task);
            if (!task.IsCompleted)
            {
                time.Advance(step);
            }
        }

        return await task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Drives fake time until <paramref name="task"/> completes (see the generic overload).</summary>
    public static Task DriveAsync(this FakeTimeProvider time, Task task, TimeSpan step, int maxSteps = 5000) =>
        time.DriveAsync(task.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default), step, maxSteps);

    private static async Task SettleAsync(Task task)
    {
        // Lets thread-pool continuations of the previous step run before time moves again (a yield, not a wait
        // for time to pass: the test's outcome never depends on how long this takes).
        for (var spin = 0; spin < 20 && !task.IsCompleted; spin++)
        {
            await Task.Yield();
            Thread.Sleep(0);
        }

        await Task.WhenAny(task, Task.Delay(5));
    }
}
