using System;
using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;
using System.Threading;
using System.Threading.Tasks;

namespace VpsOrg.Snapshots;

/// <summary>Settings of an <see cref="ISnapshotsClient"/>: where the API is, how to authenticate, how long to try.</summary>
/// <remarks>Bound from the <c>VpsSnapshots</c> configuration section by <c>AddVpsSnapshots(IConfiguration)</c>.</remarks>
public sealed class VpsSnapshotsOptions : IValidatableObject
{
    /// <summary>The public VPS.org API address.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://admin.vps.org/");

    /// <summary>The API's address. Must be <c>https</c>, except for loopback hosts (the emulator, tests).</summary>
    /// <value>Defaults to <c>https://admin.vps.org/</c>.</value>
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
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How failed attempts are retried.</summary>
    public VpsRetryOptions Retry { get; set; } = new();

    /// <summary>Describes the options without the token.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() =>
        $"VpsSnapshotsOptions {{ BaseAddress = {BaseAddress}, ApiToken = {(ApiToken is null ? "(none)" : "***")}, TokenProvider = {(TokenProvider is null ? "(none)" : "set")}, Timeout = {Timeout}, Retry = {Retry} }}";

    /// <summary>Checks the options as a whole: a token source, a usable base address, positive budgets.</summary>
    /// <param name="validationContext">The validation context.</param>
    /// <returns>One result per problem found.</returns>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (member, message) in Problems())
        {
            yield return new ValidationResult(message, [member]);
        }
    }

    internal IEnumerable<(string Member, string Message)> Problems()
    {
        if (string.IsNullOrWhiteSpace(ApiToken) && TokenProvider is null)
        {
            yield return (nameof(ApiToken), "ApiToken is required: set VpsSnapshotsOptions.ApiToken (configuration key VpsSnapshots:ApiToken) or a TokenProvider.");
        }
        else if (ApiToken is not null && HasInvalidHeaderChars(ApiToken))
        {
            yield return (nameof(ApiToken), "ApiToken contains whitespace or control characters; check how it was read.");
        }

        if (BaseAddress is null)
        {
            yield return (nameof(BaseAddress), "BaseAddress is required.");
        }
        else if (!BaseAddress.IsAbsoluteUri)
        {
            yield return (nameof(BaseAddress), $"BaseAddress '{BaseAddress}' must be an absolute URI.");
        }
        else if (BaseAddress.Scheme != Uri.UriSchemeHttps && !(BaseAddress.Scheme == Uri.UriSchemeHttp && BaseAddress.IsLoopback))
        {
            yield return (nameof(BaseAddress), $"BaseAddress '{BaseAddress}' must use https (plain http is accepted only for loopback hosts such as 127.0.0.1 or localhost).");
        }
        else if (!string.IsNullOrEmpty(BaseAddress.Query) || !string.IsNullOrEmpty(BaseAddress.Fragment) || !string.IsNullOrEmpty(BaseAddress.UserInfo))
        {
            yield return (nameof(BaseAddress), "BaseAddress must not carry a query, a fragment or user info.");
        }

        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            yield return (nameof(Timeout), "Timeout must be positive (or Timeout.InfiniteTimeSpan).");
        }

        if (Retry is null)
        {
            yield return (nameof(Retry), "Retry is required.");
            yield break;
        }

        foreach (var problem in Retry.Problems())
        {
            yield return ($"{nameof(Retry)}.{problem.Member}", problem.Message);
        }
    }

    private static bool HasInvalidHeaderChars(string token)
    {
        foreach (var c in token)
        {
            if (c <= ' ' || c == '\u007f')
            {
                return true;
            }
        }

        return false;
    }
}
