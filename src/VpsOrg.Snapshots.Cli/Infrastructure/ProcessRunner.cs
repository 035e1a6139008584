using System;
using System.Collections;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace VpsOrg.Snapshots.Cli.Infrastructure;

/// <summary>
/// Runs guard's COMMAND as its supervisor: directly (no shell unless the user writes one), with the tool's stdin,
/// stdout and stderr; on Linux and macOS in a process group of its own that owns the terminal while it runs (so a
/// Ctrl+C typed there reaches COMMAND once, from the terminal, and a signal sent to guard's pid reaches it once, from
/// guard); waited for however long it takes.
/// </summary>
internal sealed class ProcessRunner(SignalRouter? signals) : ICommandRunner
{
    /// <summary>The shell's convention for a command that cannot be found or started.</summary>
    public const int NotFound = 127;

    public async Task<CommandExit> RunAsync(string file, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var supervision = signals?.Supervise();
        return OperatingSystem.IsWindows()
            ? await RunWithConsoleAsync(file, arguments, environment, supervision).ConfigureAwait(false)
            : await RunInOwnGroupAsync(file, arguments, environment, supervision).ConfigureAwait(false);
    }

    private static async Task<CommandExit> RunInOwnGroupAsync(string file, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, SignalRouter.Supervision? supervision)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string ?? string.Empty;
        }

        foreach (var (name, value) in environment)
        {
            variables[name] = value;
        }

        var terminal = Posix.ForegroundTerminal();
        var pid = Posix.Spawn(file, [file, .. arguments], [.. variables.Select(v => v.Key + "=" + v.Value)], terminal, out var childTookTerminal);
        if (pid < 0)
        {
            throw new CommandNotStartedException(file, new Win32Exception(-pid));
        }

        if (terminal >= 0 && !childTookTerminal)
        {
            // Without glibc's addtcsetpgrp_np the terminal is handed over from here; COMMAND may already have stopped
            // on reading it (SIGTTIN): it goes on.
            Posix.SetForeground(terminal, pid);
            _ = Posix.kill(-pid, Posix.SIGCONT);
        }

        supervision?.Started(pid);
        var (code, signal) = await Task.Factory.StartNew(() => Posix.Wait(pid), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        if (terminal >= 0)
        {
            Posix.SetForeground(terminal, Posix.getpgrp());
        }

        return new CommandExit(code ?? (128 + (signal ?? 0)), signal);
    }

    private static async Task<CommandExit> RunWithConsoleAsync(string file, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, SignalRouter.Supervision? supervision)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception($"'{file}' did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new CommandNotStartedException(file, ex);
        }

        using (process)
        {
            // COMMAND shares the console: Ctrl+C and Ctrl+Break reach it there; guard waits for it.
            supervision?.Started(0);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            return new CommandExit(process.ExitCode, null);
        }
    }
}

/// <summary>How COMMAND ended: its exit code (128+N when signal N ended it, as a shell reports it), and that signal.</summary>
internal readonly record struct CommandExit(int Code, int? Signal);

/// <summary>COMMAND could not be started (not found, not executable).</summary>
internal sealed class CommandNotStartedException(string file, Exception inner)
    : Exception($"could not start '{file}': {inner.Message}", inner);
