using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;

namespace VpsOrg.Snapshots.Cli.Infrastructure;

/// <summary>
/// Everything the tool takes from the world: its console streams and whether they are terminals, its environment
/// variables, its clock, the transport under the SDK (a test's in-memory emulator), and how it runs a child process.
/// </summary>
internal sealed class CliEnvironment
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public required TextReader In { get; init; }

    /// <summary>Whether stdin is a terminal a person can answer a confirmation on.</summary>
    public bool InputIsTerminal { get; init; }

    /// <summary>Whether stderr is a terminal (spinner and colours) rather than a file, a pipe or a journal.</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>Whether stdout is a terminal (colours in tables).</summary>
    public bool OutputIsTerminal { get; init; }

    public required Func<string, string?> GetVariable { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The handler under the SDK instead of the network (tests); <see langword="null"/> for real HTTP.</summary>
    public HttpMessageHandler? PrimaryHandler { get; init; }

    /// <summary>The emulator <c>--emulator</c> runs against; a fresh seed world when <see langword="null"/>.</summary>
    public Testing.SnapshotsEmulator? Emulator { get; init; }

    public ICommandRunner Runner { get; init; } = new ProcessRunner(null);

    /// <summary>The number of the signal that interrupted the run (SIGINT unless told), for the exit code 128+N.</summary>
    public Func<int?> InterruptedBy { get; init; } = () => null;

    /// <summary>Colours are off under <c>NO_COLOR</c> or when the output is not a terminal.</summary>
    public bool Colors => OutputIsTerminal && string.IsNullOrEmpty(GetVariable("NO_COLOR"));

    public static CliEnvironment FromProcess(SignalRouter signals) => new()
    {
        Runner = new ProcessRunner(signals),
        InterruptedBy = () => signals.InterruptedBy,
        Out = Console.Out,
        Error = Console.Error,
        In = Console.In,
        InputIsTerminal = !Console.IsInputRedirected,
        ErrorIsTerminal = !Console.IsErrorRedirected,
        OutputIsTerminal = !Console.IsOutputRedirected,
        GetVariable = Environment.GetEnvironmentVariable,
    };
}

/// <summary>Runs guard's COMMAND as a child process with the tool's own stdin, stdout and stderr.</summary>
internal interface ICommandRunner
{
    System.Threading.Tasks.Task<CommandExit> RunAsync(string file, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, System.Threading.CancellationToken cancellationToken);
}
