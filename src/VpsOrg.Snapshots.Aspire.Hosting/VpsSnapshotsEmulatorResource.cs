using System;
using System.Collections.Generic;
using System.Globalization;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The VPS.org Snapshots API's emulator (the <c>vps-snapshots-emulator</c> tool, shipped with this package) running as
/// an executable on loopback, with its options.
/// </summary>
/// <param name="name">The resource's name.</param>
/// <param name="command">The command that runs it (<c>dotnet</c>).</param>
/// <param name="workingDirectory">Its directory.</param>
public sealed class VpsSnapshotsEmulatorResource(string name, string command, string workingDirectory) : ExecutableResource(name, command, workingDirectory)
{
    /// <summary>The name of the emulator's HTTP endpoint.</summary>
    public const string EndpointName = "http";

    /// <summary>Where the emulator answers its health check (no token, not in its request log).</summary>
    public const string HealthPath = "/_emulator/health";

    private EndpointReference? _endpoint;

    /// <summary>The emulator's HTTP endpoint.</summary>
    public EndpointReference PrimaryEndpoint => _endpoint ??= new(this, EndpointName);

    internal string? RateLimit { get; set; }

    internal int? RateLimitBurst { get; set; }

    internal TimeSpan? CompletionDelay { get; set; }

    internal TimeSpan? RestoreDelay { get; set; }

    internal int? PageSize { get; set; }

    internal string? WorldFile { get; set; }

    internal bool ManualClock { get; set; }

    internal int? RequestLogLimit { get; set; }

    /// <summary>The emulator's own options as command-line arguments (its token goes by environment, never on the command line).</summary>
    internal IEnumerable<string> OptionArguments()
    {
        if (RateLimit is { } rate)
        {
            yield return "--rate-limit";
            yield return rate;
        }

        if (RateLimitBurst is { } burst)
        {
            yield return "--rate-limit-burst";
            yield return burst.ToString(CultureInfo.InvariantCulture);
        }

        if (CompletionDelay is { } completion)
        {
            yield return "--completion-delay";
            yield return completion.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        }

        if (RestoreDelay is { } restore)
        {
            yield return "--restore-delay";
            yield return restore.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        }

        if (PageSize is { } size)
        {
            yield return "--page-size";
            yield return size.ToString(CultureInfo.InvariantCulture);
        }

        if (WorldFile is { } world)
        {
            yield return "--world";
            yield return world;
        }

        if (ManualClock)
        {
            yield return "--manual-clock";
        }

        if (RequestLogLimit is { } limit)
        {
            yield return "--request-log-limit";
            yield return limit.ToString(CultureInfo.InvariantCulture);
        }
    }
}
