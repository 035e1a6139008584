using System;
using System.Globalization;

namespace VpsOrg.Snapshots.Cli.Parsing;

/// <summary>Reads a DURATION: <c>90s</c>, <c>15m</c>, <c>2h</c>, <c>7d</c>, or TimeSpan text such as <c>01:30:00</c>.</summary>
internal static class Durations
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var unit = text[^1];
        if (char.IsLetter(unit) && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            TimeSpan? parsed = unit switch
            {
                's' => TimeSpan.FromSeconds(value),
                'm' => TimeSpan.FromMinutes(value),
                'h' => TimeSpan.FromHours(value),
                'd' => TimeSpan.FromDays(value),
                _ => null,
            };
            duration = parsed ?? default;
            return parsed is not null;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
    }

    /// <summary>A short human form: <c>45 s</c>, <c>2 min</c>, <c>3 h</c>, <c>6 d</c>.</summary>
    public static string Short(TimeSpan span) =>
        span.TotalSeconds < 90 ? $"{Math.Max(0, (int)span.TotalSeconds)} s"
        : span.TotalMinutes < 90 ? $"{(int)Math.Round(span.TotalMinutes)} min"
        : span.TotalHours < 48 ? $"{(int)Math.Round(span.TotalHours)} h"
        : $"{(int)Math.Round(span.TotalDays)} d";
}
