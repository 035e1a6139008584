using System;

namespace VpsOrg.Snapshots;

/// <summary>A snapshot that was being waited on ended in a failure status (<c>failed</c> or <c>error</c>).</summary>
public sealed class SnapshotFailedException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public SnapshotFailedException()
        : this("The snapshot failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public SnapshotFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public SnapshotFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a snapshot that ended in a failure status.</summary>
    /// <param name="snapshot">The snapshot as last seen.</param>
    public SnapshotFailedException(Snapshot snapshot)
        : base($"Snapshot {Internal.Guard.NotNull(snapshot).Id} '{snapshot.Name}' on server {snapshot.Server.Id} ended with status '{snapshot.Status}'.")
    {
        Snapshot = snapshot;
    }

    /// <summary>The snapshot as last seen, with its failure status; <see langword="null"/> when not known.</summary>
    public Snapshot? Snapshot { get; }
}
