namespace VpsOrg.Snapshots.Testing;

/// <summary>A server as the emulator holds it.</summary>
/// <param name="Id">The server's id.</param>
/// <param name="Name">The server's name.</param>
/// <param name="Status">Its status: <c>running</c>, or <c>restoring</c> during a restore.</param>
public sealed record EmulatorServer(long Id, string Name, string Status);
