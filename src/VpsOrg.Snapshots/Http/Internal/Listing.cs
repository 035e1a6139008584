namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>A list as read, and whether it is whole: read to its end without changing between its pages.</summary>
internal sealed record Listing(SnapshotList List, bool Whole);
