using System.Diagnostics;
using System.Text.Json;
using VpsOrg.Snapshots.Emulator;
using VpsOrg.Snapshots.Testing;

namespace VpsOrg.Snapshots.Cli.Tests;

/// <summary>The real executable, as an operator runs it, over loopback HTTP against the Kestrel emulator.</summary>
public sealed class ExecutableTests : IAsyncLifetime
{
    private EmulatorHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await EmulatorHost.StartAsync(new SnapshotsEmulator(new SnapshotsEmulatorOptions { CompletionDelay = TimeSpan.Zero }));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task List_Json_OverHttp()
    {
        var (exit, stdout, stderr) = await RunAsync("list", "-o", "json");

        Assert.True(exit == 0, stderr);
        Assert.Equal([801L, 798], JsonDocument.Parse(stdout).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
        Assert.Empty(stderr);
    }

    [Fact]
    public async Task Guard_PassesTheCommandsExitCodeAndItsOutputThrough()
    {
        var (exit, stdout, stderr) = await RunAsync("guard", "--server", "67890", "--", "sh", "-c", "echo snapshot=$VPS_SNAPSHOT_ID; exit 3");

        Assert.Equal(3, exit);
        var id = _host.Emulator.Snapshots.Single(s => s.Server.Id == 67890).Id;
        Assert.Equal($"snapshot={id}", stdout.Trim());
        Assert.Contains($"vps-snapshots restore {id} --yes", stderr);
    }

    [Fact]
    public async Task FaultInjectedOverTheAdminApi_IsRetriedThrough()
    {
        using var admin = new HttpClient { BaseAddress = _host.BaseAddress };
        using var injected = await admin.PostAsync("_emulator/faults", new StringContent("""{"kind": "status", "status": 503, "retry_after_seconds": 0, "times": 2, "method": "GET"}"""));
        Assert.Equal(System.Net.HttpStatusCode.NoContent, injected.StatusCode);

        var (exit, stdout, stderr) = await RunAsync("list", "-o", "json");

        Assert.True(exit == 0, stderr);
        Assert.Equal(2, JsonDocument.Parse(stdout).RootElement.GetArrayLength());
        Assert.Equal([503, 503, 200], _host.Emulator.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Restore_WithoutTerminal_RefusesAndExits2()
    {
        var (exit, _, stderr) = await RunAsync("restore", "801");

        Assert.Equal(2, exit);
        Assert.Contains("--yes", stderr);
        Assert.DoesNotContain(_host.Emulator.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task Version_And_Help()
    {
        var (versionExit, version, _) = await RunAsync("--version");
        var (helpExit, help, _) = await RunAsync("--help");

        Assert.Equal(0, versionExit);
        Assert.Matches(@"^\d+\.\d+\.\d+", version);
        Assert.Equal(0, helpExit);
        foreach (var command in new[] { "list", "create", "wait", "restore", "delete", "prune", "guard", "rotate" })
        {
            Assert.Contains(command, help);
        }
    }

    private async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "vps-snapshots.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add(cli);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["VPS_API_BASE_ADDRESS"] = _host.BaseAddress.ToString();
        start.Environment["VPS_API_TOKEN"] = SnapshotsEmulator.DefaultToken;
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout, await stderr);
    }
}
