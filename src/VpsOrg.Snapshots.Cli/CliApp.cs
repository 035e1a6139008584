using System;
using System.CommandLine;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Cli.Commands;
using VpsOrg.Snapshots.Cli.Infrastructure;

namespace VpsOrg.Snapshots.Cli;

/// <summary>
/// The tool's one entry point: parses the command line, runs the command against the environment's console,
/// transport and clock, and turns every outcome into an exit code (SPEC section 6).
/// </summary>
internal sealed class CliApp
{
    private readonly Option<string> _output = new("--output", "-o")
    {
        Description = "table or json (json writes only JSON to stdout, in the API's field names)",
        DefaultValueFactory = _ => "table",
        CustomParser = r =>
        {
            var value = r.Tokens.Count == 1 ? r.Tokens[0].Value : string.Empty;
            if (value is not ("table" or "json"))
            {
                r.AddError($"--output must be table or json, not '{value}'.");
            }

            return value;
        },
        Recursive = true,
    };

    private readonly Option<bool> _verbose = new("--verbose") { Description = "stack traces and the SDK's log lines on stderr", Recursive = true };
    private readonly Option<string> _baseAddress = new("--base-address") { Description = "the API's address (default VPS_API_BASE_ADDRESS, else https://admin.vps.org/)", Recursive = true };
    private readonly Option<string> _tokenFile = new("--token-file") { Description = "read the API token from this file (default: VPS_API_TOKEN)", Recursive = true };
    private readonly Option<bool> _emulator = new("--emulator") { Description = "run against an in-process emulator with the seed world (no token needed)", Recursive = true };

    public CliApp(CliEnvironment environment)
    {
        Environment = environment;
        Root = new RootCommand("vps-snapshots: VPS.org server snapshots for operators: a guarded risky change, a snapshot before a deploy, a rollback, scheduled rotation.")
        {
            _output, _verbose, _baseAddress, _tokenFile, _emulator,
        };
        ICliCommand[] commands =
        [
            ListCommand.Create(),
            CreateCommand.Create(),
            WaitCommand.Create(),
            RestoreCommand.Create(),
            DeleteCommand.Create(),
            PruneCommand.Create(),
            GuardCommand.Create(),
            RotateCommand.Create(),
        ];
        foreach (var command in commands)
        {
            command.Command.SetAction((parse, cancellationToken) => RunAsync(parse, command, cancellationToken));
            Root.Add(command.Command);
        }
    }

    public CliEnvironment Environment { get; }

    public RootCommand Root { get; }

    public static Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default) =>
        new CliApp(environment).InvokeAsync(args, cancellationToken);

    public async Task<int> InvokeAsync(string[] args, CancellationToken cancellationToken)
    {
        var parse = Root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors.Select(e => e.Message).Distinct())
            {
                await Environment.Error.WriteLineAsync("error: " + error).ConfigureAwait(false);
            }

            var command = parse.CommandResult.Command == Root ? string.Empty : " " + parse.CommandResult.Command.Name;
            await Environment.Error.WriteLineAsync($"Try 'vps-snapshots{command} --help'.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = Environment.Out,
            Error = Environment.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one command with its context; every exception becomes one <c>error:</c> line and its exit code.</summary>
    private async Task<int> RunAsync(ParseResult parse, ICliCommand command, CancellationToken cancellationToken)
    {
        var settings = new GlobalSettings(
            parse.GetValue(_output) == "json",
            parse.GetValue(_verbose),
            parse.GetValue(_baseAddress),
            parse.GetValue(_tokenFile),
            parse.GetValue(_emulator));
        using var context = new CliContext(Environment, settings);
        try
        {
            return await command.RunAsync(parse, context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return await ReportAsync(context, ex, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the error line (the SDK's message, which names the request id; never the token) and returns its exit code.</summary>
    public static async Task<int> ReportAsync(CliContext context, Exception ex, CancellationToken cancellationToken)
    {
        var code = ex is OperationCanceledException && !cancellationToken.IsCancellationRequested ? ExitCodes.Failure : ExitCodes.For(ex);
        var error = context.Error;
        if (code == ExitCodes.Interrupted)
        {
            // 128+N, as a shell reports a command ended by signal N (SIGINT unless another signal interrupted).
            var signal = context.Environment.InterruptedBy() ?? Posix.SIGINT;
            code = ExitCodes.BySignal(signal);
            await error.WriteLineAsync($"interrupted: the call in flight was cancelled ({ExitCodes.SignalName(signal)})." + (context.LeftBehind is { } left ? " " + left : string.Empty)).ConfigureAwait(false);
        }
        else
        {
            await error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
        }

        if (context.Settings.Verbose)
        {
            await error.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
        }

        return code;
    }
}
