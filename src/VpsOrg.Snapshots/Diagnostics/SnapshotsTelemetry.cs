using System.Diagnostics;
using System.Reflection;

namespace VpsOrg.Snapshots.Diagnostics;

/// <summary>The <see cref="ActivitySource"/> of the SDK, one activity per operation.</summary>
internal static class SnapshotsTelemetry
{
    public const string SourceName = "VpsOrg.Snapshots";

    public static readonly string Version =
        typeof(SnapshotsTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public static readonly ActivitySource Source = new(SourceName, Version);
}
