using System;

namespace VpsOrg.Snapshots.Internal;

/// <summary>A thread-safe source of jitter on every target framework.</summary>
internal static class SharedRandom
{
#if !NET6_0_OR_GREATER
    private static readonly Random Instance = new();
#endif

    public static double NextDouble()
    {
#if NET6_0_OR_GREATER
        return Random.Shared.NextDouble();
#else
        lock (Instance)
        {
            return Instance.NextDouble();
        }
#endif
    }
}
