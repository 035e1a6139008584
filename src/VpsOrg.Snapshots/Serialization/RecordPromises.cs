using System.Globalization;

namespace VpsOrg.Snapshots.Serialization;

/// <summary>
/// Checks what the JSON contract cannot: that a decoded body keeps every promise of the record types, down to the
/// elements of lists (the serializer's nullable annotations stop at a list's own property), and that its ids are
/// ids the SDK's own calls accept (positive).
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
                    // The element's name is built only for a broken promise: this runs for every snapshot of every page.
                    if (page.Results[i] is not { } snapshot)
                    {
                        return Element(i) + " is null";
                    }

                    if (snapshot.Id <= 0 || snapshot.Server.Id <= 0)
                    {
                        return Ids(snapshot, Element(i));
                    }
                }

                return page.Count is < 0 ? "'count' is negative" : null;
            case Snapshot snapshot:
                return Ids(snapshot, "the snapshot");
            case RestoreResult restore:
                return restore.Snapshot.Id <= 0 ? "snapshot.id is not a positive id"
                    : restore.Server.Id <= 0 ? "server.id is not a positive id"
                    : null;
            default:
                return null;
        }
    }

    private static string Element(int index) => "results[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    private static string? Ids(Snapshot snapshot, string where) =>
        snapshot.Id <= 0 ? where + ".id is not a positive id"
        : snapshot.Server.Id <= 0 ? where + ".server.id is not a positive id"
        : null;
}
