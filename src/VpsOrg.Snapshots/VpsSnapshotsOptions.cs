using System;
using System.ComponentModel.DataAnnotations;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Options;

namespace VpsOrg.Snapshots;

/// <summary>Settings of an <see cref="ISnapshotsClient"/>: where the API is, how to authenticate, how long to try.</summary>
/// <remarks>
/// Bound from the <c>VpsSnapshots</c> configuration section by <c>AddVpsSnapshots(IConfiguration)</c>. Single-field rules are
/// declared on the properties; the rules that join fields (a token source, an https address, budgets) are checked
/// by the same validator for the constructor and for DI.
/// </remarks>
public sealed class VpsSnapshotsOptions
{
    /// <summary>The public VPS.org API address.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://admin.vps.org/");

    /// <summary>The budget of one call unless set: 100 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(100);

    /// <summary>The API's address. Must be <c>https</c>, except for loopback hosts (the emulator, tests).</summary>
    /// <value>Defaults to <c>https://admin.vps.org/</c>.</value>
    [Required]
    public Uri BaseAddress { get; set; } = DefaultBaseAddress;

    /// <summary>The API token sent as <c>Authorization: Bearer</c>. Required unless <see cref="TokenProvider"/> is set.</summary>
    /// <remarks>Never written to a log, an exception or <see cref="ToString"/>.</remarks>
    public string? ApiToken { get; set; }

    /// <summary>
    /// Supplies the token for each request attempt instead of <see cref="ApiToken"/>, for tokens read from a
    /// vault and rotated. Called once per attempt; cache inside it if reading is expensive.
    /// </summary>
    public Func<CancellationToken, ValueTask<string>>? TokenProvider { get; set; }

    /// <summary>The budget of one whole call, retries and waits included; past it the call throws <see cref="TimeoutException"/>.</summary>
    /// <value>Defaults to 100 seconds. <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> disables it.</value>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>How failed attempts are retried.</summary>
    [Required]
    [ValidateObjectMembers]
    public VpsRetryOptions Retry { get; set; } = new();

    /// <summary>How the client's calls hold back together when the API throttles (one hold and one pace per client).</summary>
    [Required]
    [ValidateObjectMembers]
    public VpsThrottlingOptions Throttling { get; set; } = new();

    /// <summary>Describes the options without the token.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() =>
        $"VpsSnapshotsOptions {{ BaseAddress = {BaseAddress}, ApiToken = {(ApiToken is null ? "(none)" : "***")}, TokenProvider = {(TokenProvider is null ? "(none)" : "set")}, Timeout = {Timeout}, Retry = {Retry}, Throttling = {Throttling} }}";
}
