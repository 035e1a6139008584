using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace VpsOrg.Snapshots.Cli.Execution;

/// <summary>The typed options the commands share, each with its own check so a bad value names its option.</summary>
internal static class CliOptions
{
    public static Option<long> Id(string name, string description, bool required = true) => new(name)
    {
        Description = description,
        Required = required,
        CustomParser = r => PositiveId(r, name),
    };

    public static Argument<long> IdArgument(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = r => PositiveId(r, name.ToUpperInvariant()),
    };

    public static Option<int> Count(string name, string description, int minimum, int? fallback = null)
    {
        var option = new Option<int>(name)
        {
            Description = description,
            CustomParser = r =>
            {
                var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : string.Empty;
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum)
                {
                    return value;
                }

                r.AddError($"{name} needs a whole number of at least {minimum}, not '{text}'.");
                return 0;
            },
        };
        if (fallback is { } f)
        {
            option.DefaultValueFactory = _ => f;
        }

        return option;
    }

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

    public static Option<string> Name(string name, string description, bool required) => new(name)
    {
        Description = description,
        Required = required,
        CustomParser = r =>
        {
            var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : string.Empty;
            foreach (var c in text)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                {
                    r.AddError($"{name} may contain only letters, digits, '-' and '_', not '{c}' in '{text}'.");
                    return text;
                }
            }

            if (text.Length == 0)
            {
                r.AddError($"{name} must not be empty.");
            }

            return text;
        },
    };

    /// <summary>Several positive ids (an argument or a repeated option), each checked, repeats dropped.</summary>
    public static long[] PositiveIds(ArgumentResult r, string name)
    {
        var ids = new System.Collections.Generic.List<long>();
        foreach (var token in r.Tokens)
        {
            if (!long.TryParse(token.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            {
                r.AddError($"{name} needs a positive id, not '{token.Value}'.");
                return [];
            }

            if (!ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        return [.. ids];
    }

    private static long PositiveId(ArgumentResult r, string name)
    {
        var text = r.Tokens.Count >= 1 ? r.Tokens[0].Value : string.Empty;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
        {
            return id;
        }

        r.AddError($"{name} needs a positive id, not '{text}'.");
        return 0;
    }
}
