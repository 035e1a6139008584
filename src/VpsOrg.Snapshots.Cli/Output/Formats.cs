using System;
using System.Globalization;
using VpsOrg.Snapshots.Cli.Parsing;

namespace VpsOrg.Snapshots.Cli.Output;

/// <summary>How sizes, times and ages read in tables and progress lines.</summary>
internal static class Formats
{
    public static string Size(long? megabytes) => megabytes switch
    {
        null => "-",
        < 1024 => megabytes.Value.ToString(CultureInfo.InvariantCulture) + " MB",
        _ => (megabytes.Value / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " GB",
    };

    public static string Utc(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Age(DateTimeOffset value, DateTimeOffset now) => Durations.Short(now - value) + " ago";
}
