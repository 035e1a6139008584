using System.CommandLine;
using Spectre.Console;
using VpsOrg.Snapshots.Cli.Execution;
using VpsOrg.Snapshots.Cli.Output;

namespace VpsOrg.Snapshots.Cli.Commands;

/// <summary><c>create --server ID --name NAME [--description TEXT] [--wait] [--rotate KEEP]</c>.</summary>
internal static class CreateCommand
{
    public static Command Create(CliApp app)
    {
        var server = CliOptions.Id("--server", "the server to snapshot");
        var name = CliOptions.Name("--name", "the snapshot's name (letters, digits, '-', '_')", required: true);
        var description = new Option<string>("--description") { Description = "a description" };
        var wait = new Option<bool>("--wait") { Description = "wait until the snapshot is completed" };
        var rotate = CliOptions.Count("--rotate", "first delete the server's oldest completed snapshots so it holds at most KEEP afterwards", minimum: 1);
        var command = new Command("create", "Create a snapshot of a server (3-10 minutes; stopping the server first gives a consistent filesystem).")
        {
            server, name, description, wait, rotate,
        };
        command.SetAction((parse, cancellationToken) => app.RunAsync(parse, async (ctx, token) =>
        {
            var serverId = parse.GetValue(server);
            var request = new CreateSnapshotRequest(serverId, parse.GetValue(name)!, parse.GetValue(description));
            ctx.LeftBehind = $"The snapshot may or may not exist; check with: vps-snapshots list --server {serverId}";
            Snapshot created;
            if (parse.GetResult(rotate) is not null)
            {
                var rotation = await ctx.Client.CreateWithRotationAsync(request, parse.GetValue(rotate), token).ConfigureAwait(false);
                foreach (var deleted in rotation.Deleted)
                {
                    ctx.Progress($"deleted snapshot {deleted.Id} '{deleted.Name}' to make room");
                }

                created = rotation.Created;
            }
            else
            {
                created = await ctx.Client.CreateAsync(request, token).ConfigureAwait(false);
            }

            ctx.LeftBehind = null;
            if (parse.GetValue(wait))
            {
                created = await Waiting.UntilCompletedAsync(ctx, created, null, token).ConfigureAwait(false);
            }

            if (ctx.Json)
            {
                ctx.WriteJson(SnapshotJson.From(created), CliJsonContext.Default.SnapshotJson);
            }
            else
            {
                SnapshotTable.Write(ctx.Console, [created], ctx.Time.GetUtcNow());
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
