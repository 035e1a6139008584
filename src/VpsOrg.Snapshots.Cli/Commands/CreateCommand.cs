using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Cli.Infrastructure;
using VpsOrg.Snapshots.Cli.Output;
using VpsOrg.Snapshots.Cli.Parsing;

namespace VpsOrg.Snapshots.Cli.Commands;

/// <summary><c>create</c>'s options.</summary>
internal sealed record CreateOptions(long ServerId, string Name, string? Description, bool Wait, int? RotateKeep);

/// <summary><c>create --server ID --name NAME [--description TEXT] [--wait] [--rotate KEEP]</c>.</summary>
internal static class CreateCommand
{
    public static ICliCommand Create()
    {
        var server = CliOptions.Id("--server", "the server to snapshot");
        var name = CliOptions.Name("--name", "the snapshot's name (letters, digits, '-', '_')", required: true);
        var description = new Option<string>("--description") { Description = "a description" };
        var wait = new Option<bool>("--wait") { Description = "wait until the snapshot is completed" };
        var rotate = CliOptions.Keep("--rotate", "first delete the server's oldest settled snapshots so it holds at most KEEP afterwards");
        var command = new Command("create", "Create a snapshot of a server (3-10 minutes; stopping the server first gives a consistent filesystem).")
        {
            server, name, description, wait, rotate,
        };
        return new CliCommand<CreateOptions>(
            command,
            parse => new CreateOptions(parse.GetValue(server), parse.GetValue(name)!, parse.GetValue(description), parse.GetValue(wait), CliOptions.Optional(parse, rotate)),
            RunAsync);
    }

    public static async Task<int> RunAsync(CliContext ctx, CreateOptions options, CancellationToken token)
    {
        var request = new CreateSnapshotRequest(options.ServerId, options.Name, options.Description);
        ctx.LeftBehind = $"The snapshot may or may not exist; check with: vps-snapshots list --server {options.ServerId}";
        Snapshot created;
        if (options.RotateKeep is { } keep)
        {
            var rotation = await ctx.Client.CreateWithRotationAsync(request, keep, token).ConfigureAwait(false);
            foreach (var deleted in rotation.Deleted)
            {
                ctx.Output.Progress($"deleted snapshot {deleted.Id} '{deleted.Name}' to make room");
            }

            created = rotation.Created;
        }
        else
        {
            created = await ctx.Client.CreateAsync(request, token).ConfigureAwait(false);
        }

        ctx.LeftBehind = null;
        if (options.Wait)
        {
            created = await WaitDisplay.UntilCompletedAsync(ctx, created, null, token).ConfigureAwait(false);
        }

        ctx.Output.Write(new SnapshotResult(created));
        return ExitCodes.Success;
    }
}
