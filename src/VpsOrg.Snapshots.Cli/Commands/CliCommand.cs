using System;
using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Cli.Infrastructure;

namespace VpsOrg.Snapshots.Cli.Commands;

/// <summary>A command as the app runs it: its definition, how its options record is read from a parse (once), and its run method.</summary>
internal interface ICliCommand
{
    Command Command { get; }

    Task<int> RunAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken);
}

/// <summary>A command with the options record <typeparamref name="TOptions"/> (dotnet/sdk's and gh's shape: options parsed once, then one run method).</summary>
internal sealed class CliCommand<TOptions>(Command command, Func<ParseResult, TOptions> bind, Func<CliContext, TOptions, CancellationToken, Task<int>> run) : ICliCommand
{
    public Command Command => command;

    public Task<int> RunAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken) =>
        run(context, bind(parse), cancellationToken);
}
