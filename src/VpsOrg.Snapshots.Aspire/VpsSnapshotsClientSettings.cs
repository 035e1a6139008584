using System;
using System.Data.Common;

namespace VpsOrg.Snapshots.Aspire;

/// <summary>
/// The settings of the VPS.org Snapshots client in an Aspire service, bound from <c>Aspire:VpsOrg:Snapshots:Client</c>
/// (and its sub-section named after the connection), then from the connection string, then <c>configureSettings</c>.
/// </summary>
public sealed class VpsSnapshotsClientSettings
{
    /// <summary>The API's address (the emulator's, in a local run); <c>Endpoint=</c> of the connection string.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The API token; <c>Token=</c> of the connection string. Never logged or shown.</summary>
    public string? Token { get; set; }

    /// <summary>Whether to leave out the health check.</summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool DisableHealthChecks { get; set; }

    /// <summary>Whether to leave the SDK's activities (<c>VpsOrg.Snapshots</c> source) out of OpenTelemetry tracing.</summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool DisableTracing { get; set; }

    /// <summary>Whether to leave the SDK's meter (<c>VpsOrg.Snapshots</c>) out of OpenTelemetry metrics.</summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool DisableMetrics { get; set; }

    /// <summary>How long the health check's one request may take; 5 seconds when <see langword="null"/>.</summary>
    public TimeSpan? HealthCheckTimeout { get; set; }

    /// <summary>Describes the settings without the token.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() =>
        $"VpsSnapshotsClientSettings {{ Endpoint = {Endpoint}, Token = {(Token is null ? "(none)" : "***")}, DisableHealthChecks = {DisableHealthChecks}, DisableTracing = {DisableTracing}, DisableMetrics = {DisableMetrics} }}";

    /// <summary>Reads a connection string: <c>Endpoint=&lt;url&gt;;Token=&lt;token&gt;</c>, or a bare URL.</summary>
    internal void ParseConnectionString(string connectionString)
    {
        if (Uri.TryCreate(connectionString, UriKind.Absolute, out var bare) && !connectionString.Contains('=', StringComparison.Ordinal))
        {
            Endpoint = bare;
            return;
        }

        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (parts.TryGetValue("Endpoint", out var endpoint) && endpoint is string url)
        {
            Endpoint = Uri.TryCreate(url, UriKind.Absolute, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"The connection string's Endpoint '{url}' is not an absolute URL.");
        }

        if (parts.TryGetValue("Token", out var token) && token is string value && value.Length > 0)
        {
            Token = value;
        }
    }
}
