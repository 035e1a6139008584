namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The VPS.org Snapshots API as the services of an app see it: a connection string
/// <c>Endpoint=&lt;url&gt;;Token=&lt;token&gt;</c>, the API's own address and a secret token parameter, or in a local run
/// with <c>RunAsEmulator()</c> the emulator's loopback address and a generated token.
/// </summary>
public sealed class VpsSnapshotsResource : Resource, IResourceWithConnectionString
{
    /// <summary>The public API's address.</summary>
    public const string DefaultEndpoint = "https://admin.vps.org/";

    /// <summary>Creates the resource.</summary>
    /// <param name="name">The resource's (and the connection's) name.</param>
    /// <param name="endpoint">The API's address.</param>
    /// <param name="token">The API token, a secret parameter.</param>
    public VpsSnapshotsResource(string name, string endpoint, ParameterResource token)
        : base(name)
    {
        Endpoint = ReferenceExpression.Create($"{endpoint}");
        Token = token;
    }

    /// <summary>The API's address (the emulator's endpoint when it runs instead).</summary>
    public ReferenceExpression Endpoint { get; internal set; }

    /// <summary>The API token: a secret parameter (a generated one for the emulator).</summary>
    public ParameterResource Token { get; internal set; }

    /// <summary>Whether <see cref="Token"/> is the parameter <c>AddVpsSnapshots</c> made itself (not one it was given).</summary>
    internal bool TokenIsDefault { get; init; }

    /// <summary>The emulator that stands in for the API in this run, or <see langword="null"/>.</summary>
    public VpsSnapshotsEmulatorResource? Emulator { get; internal set; }

    /// <summary>What the services get: <c>Endpoint=&lt;url&gt;;Token=&lt;token&gt;</c>.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"Endpoint={Endpoint};Token={Token}");
}
