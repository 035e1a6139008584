namespace VpsOrg.Snapshots.Testing;

/// <summary>The kinds of <see cref="EmulatorFault"/>.</summary>
public enum EmulatorFaultKind
{
    /// <summary>Answer a status without handling the request.</summary>
    Status,

    /// <summary>Wait, then handle the request normally.</summary>
    Delay,

    /// <summary>Drop the connection without handling the request.</summary>
    DropConnection,

    /// <summary>Refuse the connection: the request never arrives.</summary>
    RefuseConnection,

    /// <summary>Handle the request, then answer a status instead of the result.</summary>
    CommitThenStatus,

    /// <summary>Handle the request, then drop the connection.</summary>
    CommitThenDrop,
}
