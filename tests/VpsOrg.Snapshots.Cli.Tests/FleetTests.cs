using System.Text.Json;
using VpsOrg.Snapshots.Testing;
using Xunit.Abstractions;

namespace VpsOrg.Snapshots.Cli.Tests;

/// <summary>
/// rotate over a fleet (SPEC section 7), in process on fake time against a throttling emulator: the parallelism bound,
/// shared polls (requests counted), servers that fail or are slow delaying or failing no other, the rules on every server.
/// </summary>
[Collection(FleetGroup.Name)]
public sealed class FleetTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(20);

    [Fact]
    public async Task FortyServers_SixSecondSnapshots_TwentyRequestsPerSecond_Parallel40_NearOneSnapshotsTime()
    {
        var (cli, servers) = Fleet(40, TimeSpan.FromSeconds(6), ratePerSecond: 20);
        cli.Input = string.Join("\n", servers.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var start = cli.Time.GetUtcNow();

        var result = await cli.RunFinelyAsync(Step, "rotate", "--servers-file", "-", "--keep", "2", "--parallel", "40", "-o", "json");

        var took = cli.Time.GetUtcNow() - start;
        var requests = cli.Emulator.Requests;
        var lists = requests.Count(r => r.Method == "GET");
        var throttled = requests.Count(r => r.StatusCode == 429);
        output.WriteLine($"40 servers, --parallel 40: {took.TotalSeconds:0.0} s, {requests.Count} requests ({(double)lists / 40:0.00} lists per server), {throttled} answered 429 ({100.0 * throttled / requests.Count:0.0}%)");
        Assert.True(result.Exit == 0, result.ToString());
        Assert.True(took <= TimeSpan.FromSeconds(3 * 6 * 1.1), $"took {took.TotalSeconds:0.0} s");
        Assert.True(lists <= 2.5 * 40, $"{lists} list requests");
        Assert.True(throttled <= 0.15 * requests.Count, $"{throttled} of {requests.Count} answered 429");
        AssertRotated(cli, servers, keep: 2);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(servers, json.RootElement.EnumerateArray().Select(r => r.GetProperty("server_id").GetInt64()));
        Assert.Contains("rotate: 40 servers, 40 rotated, 0 failed in ", result.Error);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Parallelism_IsBounded(int parallel)
    {
        var (cli, servers) = Fleet(9, TimeSpan.FromSeconds(6), ratePerSecond: 50);
        var serverOf = cli.Emulator.Snapshots.ToDictionary(s => s.Id, s => s.Server.Id);

        var result = await cli.RunFinelyAsync(Step, ["rotate", "--keep", "2", "--parallel", parallel.ToString(System.Globalization.CultureInfo.InvariantCulture), .. servers.SelectMany(s => new[] { "--server", s.ToString(System.Globalization.CultureInfo.InvariantCulture) })]);

        // A server's rotation is under way from its create to its last delete (it deletes its oldest after the wait).
        var spans = servers.Select(server =>
        {
            var requests = cli.Emulator.Requests;
            var created = requests.First(r => r.Method == "POST" && r.Body!.Contains($"\"server_id\":{server}", StringComparison.Ordinal)).At;
            var deleted = requests.Last(r => r.Method == "DELETE" && serverOf.TryGetValue(long.Parse(r.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)[^1], System.Globalization.CultureInfo.InvariantCulture), out var s) && s == server).At;
            return (created, deleted);
        }).ToList();
        var most = spans.Max(a => spans.Count(b => b.created <= a.created && a.created < b.deleted));
        Assert.True(result.Exit == 0, result.ToString());
        Assert.Equal(parallel, most);
        AssertRotated(cli, servers, keep: 2);
    }

    [Fact]
    public async Task AFailingAndASlowServer_FailOrDelayNoOther_AndTheExitCodeIsTheWorst()
    {
        var (cli, servers) = Fleet(6, TimeSpan.FromSeconds(6), ratePerSecond: 50);
        // The first server is past the limit with too few of the schedule's own to free: it must fail, alone.
        for (var i = 0; i < 4; i++)
        {
            cli.Emulator.AddSnapshot(servers[0], "manual-" + i, cli.Time.GetUtcNow().AddDays(-1));
        }

        cli.Emulator.InjectFault(EmulatorFault.Slow(TimeSpan.FromSeconds(20)), times: 1, method: "POST");
        var start = cli.Time.GetUtcNow();

        var result = await cli.RunFinelyAsync(Step, ["rotate", "--keep", "2", "--parallel", "6", "-o", "json", .. servers.SelectMany(s => new[] { "--server", s.ToString(System.Globalization.CultureInfo.InvariantCulture) })]);

        Assert.Equal(5, result.Exit);
        using var json = JsonDocument.Parse(result.Out);
        var reports = json.RootElement.EnumerateArray().ToList();
        Assert.Contains("limit", reports[0].GetProperty("error").GetString());
        Assert.All(reports.Skip(1), r => Assert.Equal(JsonValueKind.Null, r.GetProperty("error").ValueKind));
        AssertRotated(cli, servers.Skip(1).ToList(), keep: 2);
        Assert.Contains("rotate: 6 servers, 5 rotated, 1 failed in ", result.Error);
        var lines = result.Error.Split('\n').Where(l => l.StartsWith("server ", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, lines.Count);
        Assert.True(cli.Time.GetUtcNow() - start < TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Interrupted_StartsNoMoreServers_CancelsThoseInFlight_AndSaysPerServerWhatIsLeftBehind()
    {
        var (cli, servers) = Fleet(4, TimeSpan.FromMinutes(5), ratePerSecond: 50);
        using var interrupt = new CancellationTokenSource();
        var posts = 0;

        // Ctrl+C at the first poll after both creates were answered (both rotations are waiting then): the event
        // itself, not a watcher racing the clock.
        cli.Handler = new BeforeEach(cli.Emulator.CreateHandler(), request =>
        {
            if (request.Method == HttpMethod.Post)
            {
                Interlocked.Increment(ref posts);
            }
            else if (request.Method == HttpMethod.Get && Volatile.Read(ref posts) == 2)
            {
                interrupt.Cancel();
            }
        });

        var result = await cli.RunFinelyAsync(Step, interrupt.Token, ["rotate", "--keep", "2", "--parallel", "2", .. servers.SelectMany(s => new[] { "--server", s.ToString(System.Globalization.CultureInfo.InvariantCulture) })]);

        Assert.True(result.Exit == 130, result.ToString() + string.Join("\n", cli.Emulator.Requests.Select(r => $"{r.Method} {r.Path} {r.StatusCode} {r.Body}")));
        var made = cli.Emulator.Snapshots.Where(s => s.Name.StartsWith("auto-2026112", StringComparison.Ordinal) && s.Name != "auto-20261125-020000" && s.Name != "auto-20261126-020000").ToList();
        Assert.Equal(2, made.Count);
        foreach (var snapshot in made)
        {
            Assert.Contains($"server {snapshot.Server.Id}: interrupted; snapshot {snapshot.Id} goes on being created", result.Out);
        }

        Assert.True(2 == result.Out.Split('\n').Count(l => l.TrimEnd().EndsWith("not started (interrupted); nothing was changed", StringComparison.Ordinal)), result.ToString());
        Assert.Contains("interrupted: the call in flight was cancelled (SIGINT).", result.Error);
        Assert.Equal(2, cli.Emulator.Requests.Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task ServersFile_ReadsIdsCommentsAndBlankLines_AndNamesABadLine()
    {
        var (cli, servers) = Fleet(2, TimeSpan.FromSeconds(1), ratePerSecond: 50);
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, $"# nightly fleet\n{servers[0]}   # web\n\n  {servers[1]}\n");
            var good = await cli.RunFinelyAsync(Step, "rotate", "--servers-file", file, "--keep", "2", "--no-wait", "-o", "json");
            await File.WriteAllTextAsync(file, $"{servers[0]}\n# fine\nweb-01\n");
            cli.Emulator.ClearRequests();
            var bad = await cli.RunAsync("rotate", "--servers-file", file, "--keep", "2");
            var missing = await cli.RunAsync("rotate", "--servers-file", file + ".nowhere", "--keep", "2");
            var none = await cli.RunAsync("rotate", "--keep", "2");

            Assert.True(good.Exit == 0, good.ToString());
            Assert.Equal(servers, JsonDocument.Parse(good.Out).RootElement.EnumerateArray().Select(r => r.GetProperty("server_id").GetInt64()));
            Assert.Equal(2, bad.Exit);
            Assert.Contains("line 3: 'web-01' is not a positive server id", bad.Error);
            Assert.Equal(2, missing.Exit);
            Assert.Equal(2, none.Exit);
            Assert.Contains("--servers-file", none.Error);
            Assert.Empty(cli.Emulator.Requests);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Servers 1001.. each with two completed snapshots of the schedule's prefix and one of their own.</summary>
    private static (CliHarness Cli, List<long> Servers) Fleet(int count, TimeSpan snapshotTime, int ratePerSecond)
    {
        var cli = new CliHarness(o =>
        {
            o.CompletionDelay = snapshotTime;
            o.SeedWorld = false;
            o.RateLimit = new EmulatorRateLimit(ratePerSecond, TimeSpan.FromSeconds(1));
        });
        var servers = Enumerable.Range(1001, count).Select(i => (long)i).ToList();
        var now = cli.Time.GetUtcNow();
        foreach (var server in servers)
        {
            cli.Emulator.AddServer(server, "app-" + server);
            cli.Emulator.AddSnapshot(server, "auto-20261125-020000", now.AddDays(-2));
            cli.Emulator.AddSnapshot(server, "auto-20261126-020000", now.AddDays(-1));
            cli.Emulator.AddSnapshot(server, "by-hand", now.AddDays(-3));
        }

        return (cli, servers);
    }

    /// <summary>Each server: the new snapshot and the newest older one of the prefix kept, the oldest gone, the one made by hand untouched.</summary>
    private static void AssertRotated(CliHarness cli, IReadOnlyList<long> servers, int keep)
    {
        foreach (var server in servers)
        {
            var snapshots = cli.Emulator.Snapshots.Where(s => s.Server.Id == server).ToList();
            var names = snapshots.Select(s => s.Name).ToList();
            var story = $"server {server}: " + string.Join(", ", snapshots.Select(s => $"{s.Id} {s.Name} {s.Status}")) + "; requests: "
                + string.Join(", ", cli.Emulator.Requests.Where(r => r.Query.Contains(server.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    || (r.Body?.Contains(server.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal) ?? false)
                    || snapshots.Any(s => r.Path.Contains("/" + s.Id + "/", StringComparison.Ordinal))).Select(r => $"{r.At:HH:mm:ss.fff} {r.Method} {r.Path}{r.Query} {r.StatusCode}"));
            Assert.Contains("by-hand", names);
            Assert.True(names.Count(n => n.StartsWith("auto-", StringComparison.Ordinal)) == keep, story);
            Assert.Contains("auto-20261126-020000", names);
            Assert.DoesNotContain("auto-20261125-020000", names);
        }
    }

    private sealed class BeforeEach(HttpMessageHandler inner, Action<HttpRequestMessage> arriving) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            arriving(request);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>Fleet runs on fake time go alone, so no other test's work blurs when their clock moves.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FleetGroup
{
    public const string Name = "Fleets on fake time";
}
