using System.Globalization;

namespace VpsOrg.Snapshots.Serialization;

/// <summary>
/// Checks what the JSON contract cannot: that a decoded body keeps every promise of the record types, down to the
/// elements of lists (the serializer's nullable annotations stop at a list's own property).
/// </summary>
internal static class RecordPromises
{
    /// <summary>What promise <paramref name="value"/> breaks, or <see langword="null"/> when it keeps them all.</summary>
    public static string? Check(object? value)
    {
        switch (value)
        {
            case null:
                return "the body is JSON null";
            case SnapshotPage page:
                if (page.Results is null)
                {
                    return "the list has no 'results'";
                }

                for (var i = 0; i < page.Results.Count; i++)
                {
                    if (page.Results[i] is null)
                    {
                        return "results[" + i.ToString(CultureInfo.InvariantCulture) + "] is null";
                    }
                }

                return page.Count is < 0 ? "'count' is negative" : null;
            default:
                return null;
        }
    }
}
