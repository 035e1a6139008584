using System;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VpsOrg.Snapshots;
using VpsOrg.Snapshots.Aspire;
using VpsOrg.Snapshots.Diagnostics;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the VPS.org Snapshots client in a service of an Aspire app (the client integration).</summary>
public static class AspireVpsSnapshotsExtensions
{
    /// <summary>The configuration section the settings are bound from (and, for a connection, its sub-section of that name).</summary>
    public const string DefaultConfigSectionName = "Aspire:VpsOrg:Snapshots:Client";

    /// <summary>The name of the SDK's activity source and meter, added to OpenTelemetry unless disabled.</summary>
    public const string TelemetryName = SnapshotsTelemetry.SourceName;

    /// <summary>
    /// Registers <see cref="ISnapshotsClient"/> for the connection named <paramref name="connectionName"/> (the app
    /// host's <c>AddVpsSnapshots(name)</c>): through <c>AddVpsSnapshots</c>, so it has the SDK's pipeline, one traffic
    /// source, options validation and logging; with a health check, and the SDK's traces and metrics in OpenTelemetry.
    /// </summary>
    /// <param name="builder">The service's host builder.</param>
    /// <param name="connectionName">The connection's name: <c>ConnectionStrings:&lt;name&gt;</c>.</param>
    /// <param name="configureSettings">Applied last, after configuration and the connection string.</param>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="connectionName"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">No endpoint or no token is configured (the message names the key to set).</exception>
    public static void AddVpsSnapshotsClient(this IHostApplicationBuilder builder, string connectionName, Action<VpsSnapshotsClientSettings>? configureSettings = null) =>
        Add(builder, connectionName, configureSettings, keyed: false);

    /// <summary>
    /// Registers a keyed <see cref="ISnapshotsClient"/> (service key and options name <paramref name="name"/>) for the
    /// connection of that name, as <see cref="AddVpsSnapshotsClient"/> does: for several VPS.org accounts in one service.
    /// </summary>
    /// <param name="builder">The service's host builder.</param>
    /// <param name="name">The connection's name, the client's service key and its options name.</param>
    /// <param name="configureSettings">Applied last, after configuration and the connection string.</param>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">No endpoint or no token is configured (the message names the key to set).</exception>
    public static void AddKeyedVpsSnapshotsClient(this IHostApplicationBuilder builder, string name, Action<VpsSnapshotsClientSettings>? configureSettings = null) =>
        Add(builder, name, configureSettings, keyed: true);

    private static void Add(IHostApplicationBuilder builder, string connectionName, Action<VpsSnapshotsClientSettings>? configureSettings, bool keyed)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var settings = new VpsSnapshotsClientSettings();
        var section = builder.Configuration.GetSection(DefaultConfigSectionName);
        Bind(section, settings);
        Bind(section.GetSection(connectionName), settings);
        if (builder.Configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString)
        {
            settings.ParseConnectionString(connectionString);
        }

        configureSettings?.Invoke(settings);
        var endpoint = settings.Endpoint ?? throw new InvalidOperationException(
            $"The VPS.org Snapshots client '{connectionName}' has no endpoint: set ConnectionStrings:{connectionName} (Endpoint=<url>;Token=<token>) or {DefaultConfigSectionName}:Endpoint.");
        var token = settings.Token ?? throw new InvalidOperationException(
            $"The VPS.org Snapshots client '{connectionName}' has no token: set Token= in ConnectionStrings:{connectionName}, or {DefaultConfigSectionName}:Token (from a secret store, not from source control).");

        void Configure(VpsSnapshotsOptions options)
        {
            options.BaseAddress = endpoint;
            options.ApiToken = token;
        }

        if (keyed)
        {
            builder.Services.AddVpsSnapshots(connectionName, Configure);
        }
        else
        {
            builder.Services.AddVpsSnapshots(Configure);
        }

        if (!settings.DisableHealthChecks)
        {
            builder.Services.AddHealthChecks().AddVpsSnapshots(
                clientName: keyed ? connectionName : null,
                name: "VpsOrg.Snapshots_" + connectionName,
                configure: o => o.Timeout = settings.HealthCheckTimeout ?? o.Timeout);
        }

        if (!settings.DisableTracing)
        {
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(SnapshotsTelemetry.SourceName));
        }

        if (!settings.DisableMetrics)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(SnapshotsMetrics.MeterName));
        }
    }

    /// <summary>Binds the settings a configuration section holds (no reflection: the library stays trimming-safe).</summary>
    private static void Bind(IConfigurationSection section, VpsSnapshotsClientSettings settings)
    {
        if (section["Endpoint"] is { Length: > 0 } endpoint)
        {
            settings.Endpoint = Uri.TryCreate(endpoint, UriKind.Absolute, out var url)
                ? url
                : throw new InvalidOperationException($"{section.Path}:Endpoint '{endpoint}' is not an absolute URL.");
        }

        settings.Token = section["Token"] is { Length: > 0 } token ? token : settings.Token;
        settings.DisableHealthChecks = Flag(section, nameof(settings.DisableHealthChecks)) ?? settings.DisableHealthChecks;
        settings.DisableTracing = Flag(section, nameof(settings.DisableTracing)) ?? settings.DisableTracing;
        settings.DisableMetrics = Flag(section, nameof(settings.DisableMetrics)) ?? settings.DisableMetrics;
        if (section[nameof(settings.HealthCheckTimeout)] is { Length: > 0 } timeout)
        {
            settings.HealthCheckTimeout = TimeSpan.TryParse(timeout, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"{section.Path}:HealthCheckTimeout '{timeout}' is not a time span (00:00:05).");
        }
    }

    private static bool? Flag(IConfigurationSection section, string key) =>
        section[key] is { Length: > 0 } value
            ? bool.TryParse(value, out var flag) ? flag : throw new InvalidOperationException($"{section.Path}:{key} '{value}' is not true or false.")
            : null;
}
