using System;
using System.IO;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>Adds the VPS.org Snapshots API to an Aspire app host, and runs its emulator in its place in local runs.</summary>
public static class VpsSnapshotsBuilderExtensions
{
    /// <summary>The emulator's folder beside this assembly (copied into the app host's output).</summary>
    public const string EmulatorFolder = "vps-snapshots-emulator";

    /// <summary>The emulator's entry assembly in <see cref="EmulatorFolder"/>, run by <c>dotnet</c>.</summary>
    private const string EmulatorAssembly = "VpsOrg.Snapshots.Emulator.dll";

    /// <summary>
    /// Adds the VPS.org Snapshots API: a resource whose connection string is <c>Endpoint=&lt;url&gt;;Token=&lt;token&gt;</c>,
    /// for services to reference (<c>WithReference(vps)</c>) and read with <c>AddVpsSnapshotsClient("vps")</c>.
    /// </summary>
    /// <param name="builder">The app host's builder.</param>
    /// <param name="name">The resource's name, and the connection's.</param>
    /// <param name="token">The API token; a secret parameter <c>&lt;name&gt;-token</c> (configuration <c>Parameters:&lt;name&gt;-token</c>) when <see langword="null"/>.</param>
    /// <param name="endpoint">The API's address; <c>https://admin.vps.org/</c> when <see langword="null"/>.</param>
    /// <returns>The resource's builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="name"/> is <see langword="null"/>.</exception>
    public static IResourceBuilder<VpsSnapshotsResource> AddVpsSnapshots(
        this IDistributedApplicationBuilder builder,
        string name,
        IResourceBuilder<ParameterResource>? token = null,
        string? endpoint = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var secret = token?.Resource ?? builder.AddParameter(name + "-token", secret: true).Resource;
        var resource = new VpsSnapshotsResource(name, endpoint ?? VpsSnapshotsResource.DefaultEndpoint, secret) { TokenIsDefault = token is null };
        return builder.AddResource(resource)
            .OnInitializeResource(static async (vps, e, cancellationToken) =>
            {
                // Nothing runs for the API itself; with the emulator, the resource is up when the emulator is healthy,
                // so a service that waits for it (WaitFor(vps)) starts once it can call.
                if (vps.Emulator is { } emulator)
                {
                    await e.Notifications.PublishUpdateAsync(vps, s => s with { ResourceType = "VpsSnapshots", State = KnownResourceStates.Waiting }).ConfigureAwait(false);
                    await e.Notifications.WaitForResourceHealthyAsync(emulator.Name, cancellationToken).ConfigureAwait(false);
                }

                await e.Notifications.PublishUpdateAsync(vps, s => s with { ResourceType = "VpsSnapshots", State = KnownResourceStates.Running }).ConfigureAwait(false);
            });
    }

    /// <summary>
    /// In a local run (not when publishing), runs the VPS.org Snapshots emulator in the API's place, as Azure Storage's
    /// <c>RunAsEmulator()</c> runs Azurite: its own loopback endpoint, a generated token (given to it by environment,
    /// never on a command line), a health check on its health path, its console in the dashboard, a link to its admin
    /// API, and its options as methods on the emulator's builder (<c>WithRateLimit("10/s")</c>, ...). The emulator is
    /// the one this package ships (the <c>vps-snapshots-emulator</c> tool's build): it runs offline.
    /// </summary>
    /// <param name="builder">The API resource's builder.</param>
    /// <param name="configure">Sets the emulator's options.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The emulator's files are not beside this assembly.</exception>
    public static IResourceBuilder<VpsSnapshotsResource> RunAsEmulator(this IResourceBuilder<VpsSnapshotsResource> builder, Action<IResourceBuilder<VpsSnapshotsEmulatorResource>>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var app = builder.ApplicationBuilder;
        if (app.ExecutionContext.IsPublishMode)
        {
            return builder;
        }

        var directory = EmulatorDirectory();
        var name = builder.Resource.Name;
        var token = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(app, name + "-emulator-token", special: false);
        var emulator = new VpsSnapshotsEmulatorResource(name + "-emulator", "dotnet", directory);
        var emulatorBuilder = app.AddResource(emulator)
            .WithHttpEndpoint(name: VpsSnapshotsEmulatorResource.EndpointName)
            .WithArgs(context =>
            {
                context.Args.Add(Path.Combine(directory, EmulatorAssembly));
                context.Args.Add("--urls");
                context.Args.Add(ReferenceExpression.Create($"http://localhost:{emulator.PrimaryEndpoint.Property(EndpointProperty.TargetPort)}"));
                foreach (var argument in emulator.OptionArguments())
                {
                    context.Args.Add(argument);
                }
            })
            .WithEnvironment("VPS_EMULATOR_TOKEN", token)
            .WithHttpHealthCheck(VpsSnapshotsEmulatorResource.HealthPath, endpointName: VpsSnapshotsEmulatorResource.EndpointName)
            .WithUrlForEndpoint(VpsSnapshotsEmulatorResource.EndpointName, url => url.DisplayText = "API (emulator)")
            .WithUrl(ReferenceExpression.Create($"{emulator.PrimaryEndpoint}/_emulator/world"), "Admin API: the world")
            .WithParentRelationship(builder.Resource)
            .ExcludeFromManifest();
        configure?.Invoke(emulatorBuilder);

        builder.Resource.Endpoint = ReferenceExpression.Create($"{emulator.PrimaryEndpoint}");
        if (builder.Resource.TokenIsDefault)
        {
            // The API's token parameter made by AddVpsSnapshots is not asked for when the emulator runs instead.
            app.Resources.Remove(builder.Resource.Token);
        }

        builder.Resource.Token = token;
        builder.Resource.Emulator = emulator;
        return builder;
    }

    /// <summary>Throttles as Django REST Framework does: <paramref name="rate"/> as <c>num/period</c> (<c>10/s</c>, <c>600/m</c>).</summary>
    /// <param name="builder">The emulator's builder.</param>
    /// <param name="rate">The rate, <c>num/period</c> with period <c>s</c>, <c>m</c>, <c>h</c> or <c>d</c>.</param>
    /// <param name="burst">The most requests let through at once; the rate's num when <see langword="null"/>.</param>
    /// <returns>The same builder.</returns>
    public static IResourceBuilder<VpsSnapshotsEmulatorResource> WithRateLimit(this IResourceBuilder<VpsSnapshotsEmulatorResource> builder, string rate, int? burst = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(rate);
        builder.Resource.RateLimit = rate;
        builder.Resource.RateLimitBurst = burst;
        return builder;
    }

    /// <summary>How long a new snapshot stays <c>in_progress</c> (the emulator's default: 3 seconds).</summary>
    /// <param name="builder">The emulator's builder.</param>
    /// <param name="delay">The delay.</param>
    /// <returns>The same builder.</returns>
    public static IResourceBuilder<VpsSnapshotsEmulatorResource> WithCompletionDelay(this IResourceBuilder<VpsSnapshotsEmulatorResource> builder, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.CompletionDelay = NotNegative(delay);
        return builder;
    }

    /// <summary>How long a restore holds its server in <c>restoring</c> (the emulator's default: 5 seconds).</summary>
    /// <param name="builder">The emulator's builder.</param>
    /// <param name="delay">The delay.</param>
    /// <returns>The same builder.</returns>
    public static IResourceBuilder<VpsSnapshotsEmulatorResource> WithRestoreDelay(this IResourceBuilder<VpsSnapshotsEmulatorResource> builder, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.RestoreDelay = NotNegative(delay);
        return builder;
    }

    /// <summary>How many snapshots one list page holds (the emulator's default: 100).</summary>
    /// <param name="builder">The emulator's builder.</param>
    /// <param name="size">At least 1.</param>
    /// <returns>The same builder.</returns>
    public static IResourceBuilder<VpsSnapshotsEmulatorResource> WithPageSize(this IResourceBuilder<VpsSnapshotsEmulatorResource> builder, int size)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        builder.Resource.PageSize = size;
        return builder;
    }

    /// <summary>Starts from the world in this JSON file (<c>{"servers": [...], "snapshots": [...]}</c>) instead of the seed's.</summary>
    /// <param name="builder">The emulator's builder.</param>
    /// <param name="path">The file, relative to the app host's directory or absolute.</param>
    /// <returns>The same builder.</returns>
    public static IResourceBuilder<VpsSnapshotsEmulatorResource> WithWorld(this IResourceBuilder<VpsSnapshotsEmulatorResource> builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        builder.Resource.WorldFile = Path.GetFullPath(path, builder.ApplicationBuilder.AppHostDirectory);
        return builder;
    }

    /// <summary>Time moves only when told (<c>POST /_emulator/clock/advance</c>): snapshots complete when a test says so.</summary>
    /// <param name="builder">The emulator's builder.</param>
    /// <returns>The same builder.</returns>
    public static IResourceBuilder<VpsSnapshotsEmulatorResource> WithManualClock(this IResourceBuilder<VpsSnapshotsEmulatorResource> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.ManualClock = true;
        return builder;
    }

    /// <summary>Requires this token on the admin API under <c>/_emulator/</c> (its health path excepted), given by environment.</summary>
    /// <param name="builder">The emulator's builder.</param>
    /// <param name="token">The admin token, a secret parameter.</param>
    /// <returns>The same builder.</returns>
    public static IResourceBuilder<VpsSnapshotsEmulatorResource> WithAdminToken(this IResourceBuilder<VpsSnapshotsEmulatorResource> builder, IResourceBuilder<ParameterResource> token)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(token);
        return builder.WithEnvironment("VPS_EMULATOR_ADMIN_TOKEN", token);
    }

    /// <summary>How many requests the emulator's log keeps (the tool's default: 10,000; 0 keeps none).</summary>
    /// <param name="builder">The emulator's builder.</param>
    /// <param name="limit">0 or more.</param>
    /// <returns>The same builder.</returns>
    public static IResourceBuilder<VpsSnapshotsEmulatorResource> WithRequestLogLimit(this IResourceBuilder<VpsSnapshotsEmulatorResource> builder, int limit)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        builder.Resource.RequestLogLimit = limit;
        return builder;
    }

    /// <summary>Where the emulator this package ships lies: beside this assembly (the app host's output).</summary>
    internal static string EmulatorDirectory()
    {
        foreach (var root in new[] { Path.GetDirectoryName(typeof(VpsSnapshotsResource).Assembly.Location), AppContext.BaseDirectory })
        {
            if (root is not null && File.Exists(Path.Combine(root, EmulatorFolder, EmulatorAssembly)))
            {
                return Path.Combine(root, EmulatorFolder);
            }
        }

        throw new InvalidOperationException(
            $"The VPS.org Snapshots emulator is not in '{EmulatorFolder}/' beside the app host: the VpsOrg.Snapshots.Aspire.Hosting package copies it there when the app host builds.");
    }

    private static TimeSpan NotNegative(TimeSpan delay) =>
        delay >= TimeSpan.Zero ? delay : throw new ArgumentOutOfRangeException(nameof(delay), delay, "A delay must not be negative.");
}
