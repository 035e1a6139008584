namespace VpsOrg.Snapshots.Tests.TestSupport;

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread, at once (<see cref="Progress{T}"/> posts to a context).</summary>
public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
