using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace VpsOrg.Snapshots.Cli.Parsing;

/// <summary>The typed options the commands share, each with its own check (the SDK's <see cref="SnapshotRules"/>) so a bad value names its option.</summary>
internal static class CliOptions
{
    public static Option<long> Id(string name, string description, bool required = true) => new(name)
    {
        Description = description,
        Required = required,
        CustomParser = r => PositiveIds(r, name) is [var id] ? id : 0,
    };

    public static Argument<long> IdArgument(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = r => PositiveIds(r, name.ToUpperInvariant()) is [var id] ? id : 0,
    };

    /// <summary>A whole number from <paramref name="minimum"/> to <paramref name="maximum"/>.</summary>
    public static Option<int> Count(string name, string description, int minimum, int maximum = int.MaxValue) => new(name)
    {
        Description = description,
        CustomParser = r =>
        {
            var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : string.Empty;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum)
            {
                return value;
            }

            r.AddError(maximum == int.MaxValue
                ? $"{name} needs a whole number of at least {minimum}, not '{text}'."
                : $"{name} needs a whole number from {minimum} to {maximum}, not '{text}'.");
            return 0;
        },
    };

    /// <summary>How many snapshots to keep: 1 to the API's limit of 5.</summary>
    public static Option<int> Keep(string name, string description) =>
        Count(name, $"{description} (1 to {SnapshotRules.MaxSnapshotsPerServer})", 1, SnapshotRules.MaxSnapshotsPerServer);

    public static Option<TimeSpan?> Duration(string name, string description) => new(name)
    {
        Description = description + " (90s, 15m, 2h, 7d or TimeSpan text)",
        CustomParser = r =>
        {
            var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : string.Empty;
            if (Durations.TryParse(text, out var duration))
            {
                return duration;
            }

            r.AddError($"{name} needs a duration such as 90s, 15m, 2h or 7d, not '{text}'.");
            return null;
        },
    };

    /// <summary>A snapshot name (or a name prefix) by the API's rule.</summary>
    public static Option<string> Name(string name, string description, bool required, string? fallback = null)
    {
        var option = new Option<string>(name)
        {
            Description = description,
            Required = required,
            CustomParser = r =>
            {
                var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : string.Empty;
                if (text.Length == 0)
                {
                    r.AddError($"{name} must not be empty.");
                }
                else if (SnapshotRules.FirstInvalidNameChar(text) is var bad and >= 0)
                {
                    r.AddError($"{name} may contain only letters, digits, '-' and '_', not '{text[bad]}' in '{text}'.");
                }

                return text;
            },
        };
        if (fallback is not null)
        {
            option.DefaultValueFactory = _ => fallback;
        }

        return option;
    }

    /// <summary>Several positive ids (an argument or a repeated option), each checked, repeats dropped.</summary>
    public static long[] PositiveIds(ArgumentResult r, string name)
    {
        var ids = new List<long>();
        foreach (var token in r.Tokens)
        {
            if (!long.TryParse(token.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || !SnapshotRules.IsValidId(id))
            {
                r.AddError($"{name} needs a positive id, not '{token.Value}'.");
                return [];
            }

            if (!ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        if (ids.Count == 0)
        {
            r.AddError($"{name} needs a positive id.");
        }

        return [.. ids];
    }

    /// <summary>The value of an option that was given, or <see langword="null"/>.</summary>
    public static T? Optional<T>(ParseResult parse, Option<T> option)
        where T : struct =>
        parse.GetResult(option) is null ? null : parse.GetValue(option);
}
