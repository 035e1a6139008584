using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace VpsOrg.Snapshots.Internal;

/// <summary>Argument checks that run before anything is sent, on every target framework.</summary>
internal static class Guard
{
    public static T NotNull<T>([NotNull] T? value, [CallerArgumentExpression(nameof(value))] string? name = null)
        where T : class
    {
        if (value is null)
        {
            throw new ArgumentNullException(name);
        }

        return value;
    }

    public static long PositiveId(long value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!SnapshotRules.IsValidId(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a positive VPS.org id, got {value}.");
        }

        return value;
    }

    /// <summary>A snapshot name: letters, digits, hyphens and underscores only (the API's rule).</summary>
    public static string SnapshotName(string? value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value is null)
        {
            throw new ArgumentNullException(name, "A snapshot name is required.");
        }

        if (value.Length == 0)
        {
            throw new ArgumentException("A snapshot name must not be empty.", name);
        }

        var bad = SnapshotRules.FirstInvalidNameChar(value);
        if (bad >= 0)
        {
            throw new ArgumentException(
                $"Snapshot name '{value}' may contain only letters, digits, hyphens and underscores; '{value[bad]}' is not allowed.",
                name);
        }

        return value;
    }
}
