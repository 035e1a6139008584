using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Options;

namespace VpsOrg.Snapshots.Internal;

/// <summary>Checks the options' rules that join fields or values the attributes cannot express, for DI and the constructor alike.</summary>
internal sealed class VpsSnapshotsOptionsCustomValidator : IValidateOptions<VpsSnapshotsOptions>
{
    private static readonly VpsSnapshotsOptionsValidator Declared = new();

    public ValidateOptionsResult Validate(string? name, VpsSnapshotsOptions options)
    {
        var builder = new ValidateOptionsResultBuilder();
        foreach (var (member, message) in Problems(options))
        {
            builder.AddError(message, member);
        }

        return builder.Build();
    }

    /// <summary>Runs both validators, as DI does, and throws <see cref="ArgumentException"/> naming the first bad member.</summary>
    public static VpsSnapshotsOptions ThrowIfInvalid(VpsSnapshotsOptions options)
    {
        Guard.NotNull(options);
        var problems = Problems(options).ToList();
        var declared = Declared.Validate(null, options);
        var messages = problems.Select(p => p.Message).Concat(declared.Failed ? declared.Failures : []).ToList();
        if (messages.Count > 0)
        {
            var member = problems.Count > 0 ? "." + problems[0].Member : string.Empty;
            throw new ArgumentException("Invalid VpsSnapshotsOptions: " + string.Join(" ", messages), nameof(options) + member);
        }

        return options;
    }

    internal static IEnumerable<(string Member, string Message)> Problems(VpsSnapshotsOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ApiToken) && options.TokenProvider is null)
        {
            yield return (nameof(options.ApiToken), "ApiToken is required: set VpsSnapshotsOptions.ApiToken (configuration key VpsSnapshots:ApiToken) or a TokenProvider.");
        }
        else if (options.ApiToken is { } token && HasInvalidHeaderChars(token))
        {
            yield return (nameof(options.ApiToken), "ApiToken contains whitespace or control characters; check how it was read.");
        }

        var address = options.BaseAddress;
        if (address is null)
        {
            // [Required] reports it.
        }
        else if (!address.IsAbsoluteUri)
        {
            yield return (nameof(options.BaseAddress), $"BaseAddress '{address}' must be an absolute URI.");
        }
        else if (address.Scheme != Uri.UriSchemeHttps && !(address.Scheme == Uri.UriSchemeHttp && address.IsLoopback))
        {
            yield return (nameof(options.BaseAddress), $"BaseAddress '{address}' must use https (plain http is accepted only for loopback hosts such as 127.0.0.1 or localhost).");
        }
        else if (!string.IsNullOrEmpty(address.Query) || !string.IsNullOrEmpty(address.Fragment) || !string.IsNullOrEmpty(address.UserInfo))
        {
            yield return (nameof(options.BaseAddress), "BaseAddress must not carry a query, a fragment or user info.");
        }

        if (!IsPositiveOrInfinite(options.Timeout))
        {
            yield return (nameof(options.Timeout), "Timeout must be positive (or Timeout.InfiniteTimeSpan).");
        }

        if (options.Retry is { } retry)
        {
            if (retry.BaseDelay < TimeSpan.Zero || retry.BaseDelay > VpsRetryOptions.MaxBaseDelay)
            {
                yield return ("Retry.BaseDelay", $"BaseDelay must be from 0 to {VpsRetryOptions.MaxBaseDelay}, not {retry.BaseDelay}.");
            }

            if (retry.MaxDelay < TimeSpan.Zero || retry.MaxDelay > VpsRetryOptions.MaxMaxDelay)
            {
                yield return ("Retry.MaxDelay", $"MaxDelay must be from 0 to {VpsRetryOptions.MaxMaxDelay}, not {retry.MaxDelay}.");
            }

            if (retry.MaxDelay < retry.BaseDelay)
            {
                yield return ("Retry.MaxDelay", "MaxDelay must be at least BaseDelay.");
            }

            if (!IsPositiveOrInfinite(retry.AttemptTimeout))
            {
                yield return ("Retry.AttemptTimeout", "AttemptTimeout must be positive (or Timeout.InfiniteTimeSpan).");
            }
        }
    }

    private static bool IsPositiveOrInfinite(TimeSpan value) => value > TimeSpan.Zero || value == System.Threading.Timeout.InfiniteTimeSpan;

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
