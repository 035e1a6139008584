using Microsoft.Extensions.Time.Testing;
using VpsOrg.Snapshots.Cli.Infrastructure;
using VpsOrg.Snapshots.Testing;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Cli.Tests;

/// <summary>
/// Runs the tool through its one entry point against an in-memory emulator on a fake clock, with captured
/// stdout and stderr, chosen terminal flags and environment, and a recording runner for guard's COMMAND.
/// </summary>
internal sealed class CliHarness
{
    public const string Token = SnapshotsEmulator.DefaultToken;

    public CliHarness(Action<SnapshotsEmulatorOptions>? configure = null)
    {
        var options = new SnapshotsEmulatorOptions { TimeProvider = Time };
        configure?.Invoke(options);
        Emulator = new SnapshotsEmulator(options);
        Variables["VPS_API_TOKEN"] = Token;
        Variables["VPS_API_BASE_ADDRESS"] = SnapshotsEmulator.InMemoryBaseAddress.ToString();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero));

    public SnapshotsEmulator Emulator { get; }

    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public RecordingRunner Runner { get; } = new();

    /// <summary>Whether stdin is a terminal (a person could answer a confirmation).</summary>
    public bool Terminal { get; set; }

    /// <summary>What a person types at the confirmation prompt.</summary>
    public string Input { get; set; } = string.Empty;

    /// <summary>The transport under the SDK; the emulator's in-memory handler unless a test wraps it.</summary>
    public HttpMessageHandler? Handler { get; set; }

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    public Task<CliResult> RunAsync(CancellationToken cancellationToken, params string[] args) => RunCoreAsync(null, args, cancellationToken);

    /// <summary>Runs with the clock moved in small <paramref name="step"/>s, for many servers at once (pacing, shared polls).</summary>
    public Task<CliResult> RunFinelyAsync(TimeSpan step, params string[] args) => RunCoreAsync(step, args, CancellationToken.None);

    /// <summary>The same, interruptible (as Ctrl+C does) through <paramref name="cancellationToken"/>.</summary>
    public Task<CliResult> RunFinelyAsync(TimeSpan step, CancellationToken cancellationToken, params string[] args) => RunCoreAsync(step, args, cancellationToken);

    private async Task<CliResult> RunCoreAsync(TimeSpan? fineStep, string[] args, CancellationToken cancellationToken)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new CliEnvironment
        {
            Out = output,
            Error = error,
            In = new StringReader(Input),
            InputIsTerminal = Terminal,
            GetVariable = name => Variables.TryGetValue(name, out var value) ? value : null,
            Time = Time,
            PrimaryHandler = Handler ?? Emulator.CreateHandler(),
            Emulator = Emulator,
            Runner = Runner,
        };
        int exit;
        if (fineStep is { } step)
        {
            var run = Task.Run(() => CliApp.RunAsync(args, environment, cancellationToken));
            await FakeTimeCrowd.DriveAsync(Time, run, step, TimeSpan.FromHours(2));
            exit = await run;
        }
        else
        {
            var run = CliApp.RunAsync(args, environment, cancellationToken);
            exit = cancellationToken.CanBeCanceled ? await run : await Time.DriveAsync(run, TimeSpan.FromSeconds(1));
        }

        return new CliResult(exit, output.ToString(), error.ToString());
    }
}

public sealed record CliResult(int Exit, string Out, string Error)
{
    public override string ToString() => $"exit {Exit}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>Stands in for guard's child process: records what it was asked to run and returns a chosen exit code.</summary>
internal sealed class RecordingRunner : ICommandRunner
{
    public List<(string File, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment)> Runs { get; } = [];

    public int ExitCode { get; set; }

    /// <summary>Called when COMMAND runs, to look at the world at that moment.</summary>
    public Action? OnRun { get; set; }

    public Task<CommandExit> RunAsync(string file, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        Runs.Add((file, arguments, environment));
        OnRun?.Invoke();
        return Task.FromResult(new CommandExit(ExitCode, null));
    }
}
