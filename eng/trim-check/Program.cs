using System;
using Microsoft.Extensions.DependencyInjection;
using VpsOrg.Snapshots;

// Touches the two ways users build a client; the whole library is rooted by the project file anyway.
var services = new ServiceCollection();
services.AddVpsSnapshots(options => options.ApiToken = "trim-check");
using var provider = services.BuildServiceProvider();
Console.WriteLine(provider.GetRequiredService<ISnapshotsClient>());
using var client = new SnapshotsClient(new VpsSnapshotsOptions { ApiToken = "trim-check" });
Console.WriteLine(client);
