#region usings
using Microsoft.Extensions.DependencyInjection;   // AddVpsSnapshots
using Microsoft.Extensions.Hosting;
#endregion

namespace VpsOrg.Snapshots.Docs.Tests.Snippets;

/// <summary>"Configuration and dependency injection": a host that registers the client from configuration.</summary>
public static class Configuration
{
    /// <summary>The host as the article builds it; <paramref name="forTests"/> points the registration at an emulator.</summary>
    public static IHost Build(string[] args, Action<IHttpClientBuilder> forTests)
    {
        #region registration
        var builder = Host.CreateApplicationBuilder(args);
        IHttpClientBuilder vps = builder.Services.AddVpsSnapshots(builder.Configuration.GetSection("VpsSnapshots"));
        // or: builder.Services.AddVpsSnapshots(o => o.ApiToken = builder.Configuration["vps-token"]);
        builder.Services.AddSingleton<Deployer>();
        #endregion
        forTests(vps);
        return builder.Build();
    }
}

#region deployer
/// <summary>Any class of yours takes the client in its constructor.</summary>
public class Deployer(ISnapshotsClient snapshots)
{
    /// <summary>The server's snapshots before a deploy.</summary>
    public Task<SnapshotList> BeforeDeployAsync() => snapshots.ListAsync(serverId: 12345);
}
#endregion
