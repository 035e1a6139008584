using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace VpsOrg.Snapshots.Cli.Infrastructure;

/// <summary>Starts COMMAND directly (no shell unless the user writes one), with inherited stdio, and returns its exit code.</summary>
internal sealed class ProcessRunner : ICommandRunner
{
    /// <summary>The shell's convention for a command that cannot be found or started.</summary>
    public const int NotFound = 127;

    public async Task<int> RunAsync(string file, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
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
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C reached the child too (same process group); give it a moment to finish on its own terms.
                if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
                {
                    process.Kill(entireProcessTree: true);
                }

                throw;
            }

            return process.ExitCode;
        }
    }
}

/// <summary>COMMAND could not be started (not found, not executable).</summary>
internal sealed class CommandNotStartedException(string file, Exception inner)
    : Exception($"could not start '{file}': {inner.Message}", inner);
