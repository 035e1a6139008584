using System;

namespace VpsOrg.Snapshots.Cli.Output;

/// <summary>Reports on the caller's thread, in order (<see cref="Progress{T}"/> posts asynchronously, so its lines can come late).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
