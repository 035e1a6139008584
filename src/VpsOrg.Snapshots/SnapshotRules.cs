using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace VpsOrg.Snapshots;

/// <summary>
/// The rules of the VPS.org Snapshots API itself, in one place for the SDK, its command-line tool and its emulator:
/// what a snapshot name and an id may be, how many snapshots a server may hold, and how the API writes time.
/// </summary>
public static class SnapshotRules
{
    /// <summary>The API's limit: at most this many snapshots per server; one more create is refused with 400.</summary>
    public const int MaxSnapshotsPerServer = 5;

    /// <summary>Whether <paramref name="name"/> is a valid snapshot name: not empty, only letters, digits, hyphens and underscores.</summary>
    /// <param name="name">The name to check.</param>
    /// <returns><see langword="true"/> when the API accepts it.</returns>
    public static bool IsValidName(string? name) => name is { Length: > 0 } && FirstInvalidNameChar(name) < 0;

    /// <summary>The index of the first character the API does not accept in a snapshot name, or -1 when there is none.</summary>
    /// <param name="name">The name to check.</param>
    /// <returns>The index, or -1.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    public static int FirstInvalidNameChar(string name)
    {
        Internal.Guard.NotNull(name);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whether <paramref name="id"/> can be a VPS.org server or snapshot id (positive).</summary>
    /// <param name="id">The id to check.</param>
    /// <returns><see langword="true"/> when it is positive.</returns>
    public static bool IsValidId(long id) => id > 0;

    /// <summary>A time as the API writes it: ISO 8601 in UTC with a <c>Z</c>, for example <c>2025-01-15T18:30:00Z</c>.</summary>
    /// <param name="value">The time.</param>
    /// <returns>The text.</returns>
    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// A name made of <paramref name="prefix"/> and the UTC time, <c>&lt;prefix&gt;yyyyMMdd-HHmmss</c>, as scheduled and
    /// guarded snapshots are named (so names sort by time and rotation finds its own by prefix).
    /// </summary>
    /// <param name="prefix">The name prefix, for example <c>auto-</c>.</param>
    /// <param name="time">The time to stamp.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentException">The prefix is not valid in a snapshot name.</exception>
    public static string StampedName(string prefix, DateTimeOffset time)
    {
        if (prefix is null || FirstInvalidNameChar(prefix) >= 0)
        {
            throw new ArgumentException($"The prefix '{prefix}' may contain only letters, digits, hyphens and underscores.", nameof(prefix));
        }

        return prefix + time.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
    }

    /// <summary>Snapshots in the order the API lists them: newest first (by <see cref="Snapshot.CreatedAt"/>, then by id).</summary>
    /// <param name="snapshots">The snapshots.</param>
    /// <returns>The same snapshots, newest first.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="snapshots"/> is <see langword="null"/>.</exception>
    public static IEnumerable<Snapshot> NewestFirst(IEnumerable<Snapshot> snapshots) =>
        Internal.Guard.NotNull(snapshots).OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id);
}
