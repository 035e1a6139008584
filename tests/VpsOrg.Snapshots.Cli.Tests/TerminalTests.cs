using System.Diagnostics;

namespace VpsOrg.Snapshots.Cli.Tests;

/// <summary>
/// What an operator at a terminal sees: the real executable in a tmux pane (160 columns), stdout and stderr both on it,
/// the screen read back with capture-pane. The live status line and the per-server lines share the terminal: every
/// line and the summary stay on the screen, in full.
/// </summary>
public sealed class TerminalTests : IDisposable
{
    private readonly string _socket = "vps-tests-" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => Tmux("kill-server");

    [TmuxFact]
    public async Task Rotate_OverTwoServers_LeavesEveryServerLineAndTheSummaryOnTheScreen()
    {
        Start("--emulator rotate --server 12345 --server 67890 --keep 2");

        var screen = await ScreenWhenAsync(s => s.Contains("EXIT=", StringComparison.Ordinal));

        Assert.True(screen.Contains("EXIT=0", StringComparison.Ordinal), "The command did not exit 0; the screen:\n" + screen);
        Assert.Matches(@"server 12345: created auto-\d{8}-\d{6} \(snapshot \d+, [^)]+\); deleted none; kept \d+", screen);
        Assert.Matches(@"server 67890: created auto-\d{8}-\d{6} \(snapshot \d+, [^)]+\); deleted none; kept \d+", screen);
        Assert.Matches(@"rotate: 2 servers, 2 rotated, 0 failed in \d+", screen);
    }

    [TmuxFact]
    public async Task Rotate_CtrlCMidRun_LeavesEachServersLineInFull_AboveTheClosingLine()
    {
        Start("--emulator rotate --server 12345 --server 67890 --keep 2");
        await ScreenWhenAsync(s => s.Contains("servers done", StringComparison.Ordinal));

        Tmux("send-keys", "-t", "cli", "C-c");
        var screen = await ScreenWhenAsync(s => s.Contains("EXIT=", StringComparison.Ordinal));

        Assert.True(screen.Contains("EXIT=130", StringComparison.Ordinal), "The command did not exit 130; the screen:\n" + screen);
        Assert.Matches(@"server 12345: interrupted; [^\n]+; deleted none", screen);
        Assert.Matches(@"server 67890: interrupted; [^\n]+; deleted none", screen);
        Assert.Contains("What each server may have left behind is on its line above.", screen);
    }

    private void Start(string arguments)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "vps-snapshots.dll");

        // The pane stays after the command, so its screen can be read; EXIT= marks the end.
        Tmux("new-session", "-d", "-s", "cli", "-x", "160", "-y", "50", $"env -u NO_COLOR TERM=xterm-256color dotnet '{cli}' {arguments}; echo EXIT=$?; sleep 120");
    }

    private async Task<string> ScreenWhenAsync(Func<string, bool> condition)
    {
        // The screen itself, read until it shows what the test waits for (bounded): never a sleep standing in for it.
        var screen = string.Empty;
        for (var i = 0; i < 600; i++)
        {
            screen = Tmux("capture-pane", "-p", "-J", "-t", "cli");
            if (condition(screen))
            {
                return screen;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The screen never showed what was expected:\n" + screen);
        return screen;
    }

    private string Tmux(params string[] arguments)
    {
        var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-L");
        start.ArgumentList.Add(_socket);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}

/// <summary>A fact that needs tmux (a real terminal to read back); skipped where there is none.</summary>
public sealed class TmuxFactAttribute : FactAttribute
{
    public TmuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            Skip = "needs a POSIX terminal";
        }
        else if (!File.Exists("/usr/bin/tmux") && !File.Exists("/usr/local/bin/tmux") && !File.Exists("/opt/homebrew/bin/tmux"))
        {
            Skip = "needs tmux (.ci/run installs it)";
        }
    }
}
