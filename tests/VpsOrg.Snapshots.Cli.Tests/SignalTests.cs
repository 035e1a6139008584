using System.Diagnostics;
using System.Runtime.InteropServices;
using VpsOrg.Snapshots.Emulator;
using VpsOrg.Snapshots.Testing;

namespace VpsOrg.Snapshots.Cli.Tests;

/// <summary>
/// guard as a supervisor, on the real executable over loopback: signals sent to guard's pid alone (as a CI cancel,
/// <c>docker stop</c>, Kubernetes or a script's <c>kill</c> send them) reach COMMAND, a shell that records what it gets,
/// exactly once; guard reports how COMMAND really ended and never leaves it running.
/// </summary>
public sealed class SignalTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vps-guard-").FullName;
    private EmulatorHost _host = null!;

    private string Log => Path.Combine(_dir, "signals.log");

    private string Started => Path.Combine(_dir, "started");

    private string Go => Path.Combine(_dir, "go");

    public async Task InitializeAsync() =>
        _host = await EmulatorHost.StartAsync(new SnapshotsEmulator(new SnapshotsEmulatorOptions { CompletionDelay = TimeSpan.Zero }));

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [PosixTheory]
    [InlineData(15, "TERM", 143)]
    [InlineData(2, "INT", 130)]
    [InlineData(1, "HUP", 129)]
    public async Task SignalToGuard_ReachesCommandOnce_AndGuardExitsWithItsCode_SayingHowToRollBack(int signal, string name, int expected)
    {
        var script = $"trap 'echo {name} >> \"{Log}\"; exit {expected}' {name}; echo $$ > \"{Started}\"; while [ ! -f \"{Go}\" ]; do sleep 0.05; done";

        var (guard, run) = Start("guard", "--server", "67890", "--", "sh", "-c", script);
        var commandPid = await WaitForCommandAsync(guard);
        Send(guard.Id, signal);
        var (exit, _, stderr) = await run;

        Assert.True(exit == expected, stderr);
        Assert.Equal([name], File.ReadAllLines(Log));
        var id = _host.Emulator.Snapshots.Single(s => s.Server.Id == 67890).Id;
        Assert.Contains($"failed with exit code {expected}. To roll back server 67890: vps-snapshots restore {id} --yes", stderr);
        Assert.DoesNotContain("interrupted", stderr);
        Assert.False(IsRunning(commandPid), "COMMAND was left running");
    }

    [PosixFact]
    public async Task CommandThatOutlivesASigintBy3Seconds_AndSucceeds_GivesZero_AndNoInterruption()
    {
        // COMMAND notes the SIGINT guard forwards and goes on for 3 s more: past System.CommandLine's forced exit 2 s
        // after SIGINT, so guard exiting before COMMAND would show as a code other than COMMAND's 0 and a missing 'done'.
        var script = $"trap 'echo INT >> \"{Log}\"' INT; echo $$ > \"{Started}\"; while [ ! -f \"{Go}\" ]; do sleep 0.05; done; sleep 3; echo done >> \"{Log}\"; exit 0";

        var (guard, run) = Start("guard", "--server", "67890", "--", "sh", "-c", script);
        var commandPid = await WaitForCommandAsync(guard);
        Send(guard.Id, 2);
        await WaitForFileLineAsync(Log, "INT");
        await File.WriteAllTextAsync(Go, "go");
        var (exit, _, stderr) = await run;

        Assert.True(exit == 0, stderr);
        Assert.Equal(["INT", "done"], File.ReadAllLines(Log));
        Assert.DoesNotContain("interrupted", stderr);
        Assert.DoesNotContain("roll back", stderr);
        Assert.False(IsRunning(commandPid));
    }

    private static async Task WaitForFileLineAsync(string path, string line)
    {
        // The event itself (COMMAND wrote it), bounded; never a sleep that asserts nothing happened.
        for (var i = 0; i < 600 && !(File.Exists(path) && File.ReadAllLines(path).Contains(line)); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(File.Exists(path) && File.ReadAllLines(path).Contains(line), $"'{line}' never appeared in {path}");
    }

    [PosixFact]
    public async Task CommandEndedBySignal_IsReportedAsSuch_With128PlusN()
    {
        var (guard, run) = Start("guard", "--server", "67890", "--", "sh", "-c", $"echo $$ > \"{Started}\"; exec sleep 30");
        var commandPid = await WaitForCommandAsync(guard);
        Send(guard.Id, 15);
        var (exit, _, stderr) = await run;

        Assert.Equal(143, exit);
        Assert.Contains("was ended by SIGTERM (exit code 143)", stderr);
        Assert.Contains("vps-snapshots restore", stderr);
        Assert.False(IsRunning(commandPid));
    }

    [PosixFact]
    public async Task SigtermWhileTheSnapshotIsAwaited_CancelsAndSaysWhatIsLeftBehind_CommandNeverRuns()
    {
        await using var slow = await EmulatorHost.StartAsync(new SnapshotsEmulator(new SnapshotsEmulatorOptions { CompletionDelay = TimeSpan.FromMinutes(5) }));
        var (guard, run) = Start(slow.BaseAddress, "guard", "--server", "67890", "--", "sh", "-c", $"echo $$ > \"{Started}\"");
        for (var i = 0; i < 400 && !slow.Emulator.Snapshots.Any(s => s.Server.Id == 67890); i++)
        {
            await Task.Delay(50);
        }

        Send(guard.Id, 15);
        var (exit, _, stderr) = await run;

        Assert.Equal(143, exit);
        Assert.StartsWith("interrupted: the call in flight was cancelled (SIGTERM).", stderr.Split('\n').Last(l => l.Length > 0));
        Assert.Contains("check it with: vps-snapshots list --server 67890", stderr.Replace("check with:", "check it with:", StringComparison.Ordinal));
        Assert.False(File.Exists(Started), "COMMAND must not run");
    }

    [PosixFact]
    public async Task SighupToAnyOtherCommand_CancelsTheCallInFlight_AndExits129()
    {
        await using var slow = await EmulatorHost.StartAsync(new SnapshotsEmulator(new SnapshotsEmulatorOptions { CompletionDelay = TimeSpan.FromMinutes(5) }));
        var created = slow.Emulator.AddSnapshot(67890, "slow-one", status: SnapshotStatus.InProgress);
        var (waiter, run) = Start(slow.BaseAddress, "wait", created.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        for (var i = 0; i < 400 && slow.Emulator.Requests.Count < 1; i++)
        {
            await Task.Delay(50);
        }

        Send(waiter.Id, 1);
        var (exit, _, stderr) = await run;

        Assert.Equal(129, exit);
        Assert.Contains("interrupted: the call in flight was cancelled (SIGHUP).", stderr);
    }

    private (Process Process, Task<(int Exit, string Out, string Error)> Run) Start(params string[] args) => Start(_host.BaseAddress, args);

    private static (Process Process, Task<(int Exit, string Out, string Error)> Run) Start(Uri baseAddress, params string[] args)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "vps-snapshots.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add(cli);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["VPS_API_BASE_ADDRESS"] = baseAddress.ToString();
        start.Environment["VPS_API_TOKEN"] = SnapshotsEmulator.DefaultToken;
        start.Environment["NO_COLOR"] = "1";
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return (process, CompleteAsync(process));

        static async Task<(int, string, string)> CompleteAsync(Process process)
        {
            using (process)
            {
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
                return (process.ExitCode, await stdout, await stderr);
            }
        }
    }

    /// <summary>Waits until COMMAND has started (it writes its pid), so the signal is sent while it runs.</summary>
    private async Task<int> WaitForCommandAsync(Process guard)
    {
        for (var i = 0; i < 600; i++)
        {
            if (File.Exists(Started) && int.TryParse((await File.ReadAllTextAsync(Started)).Trim(), out var pid))
            {
                return pid;
            }

            Assert.False(guard.HasExited, "guard ended before COMMAND started");
            await Task.Delay(50);
        }

        throw new TimeoutException("COMMAND did not start.");
    }

    private static void Send(int pid, int signal) => Assert.Equal(0, Native.kill(pid, signal));

    private static bool IsRunning(int pid) => Native.kill(pid, 0) == 0;

    private static class Native
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int kill(int pid, int sig);
    }
}

/// <summary>A fact that needs POSIX signals and process groups: skipped on Windows.</summary>
public sealed class PosixFactAttribute : FactAttribute
{
    public PosixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "POSIX signals and process groups do not exist on Windows (guard relies on console control events there).";
        }
    }
}

/// <summary>A theory that needs POSIX signals and process groups: skipped on Windows.</summary>
public sealed class PosixTheoryAttribute : TheoryAttribute
{
    public PosixTheoryAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "POSIX signals and process groups do not exist on Windows (guard relies on console control events there).";
        }
    }
}
