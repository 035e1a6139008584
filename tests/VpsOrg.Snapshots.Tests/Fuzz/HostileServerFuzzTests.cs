using System.Net;
using CsCheck;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace VpsOrg.Snapshots.Tests.Fuzz;

/// <summary>
/// Property: whatever a server answers (statuses, headers, mutated, truncated, non-JSON, wrongly encoded or huge
/// bodies, hostile next links, dropped, refused, hung or stalled connections), every operation and lifecycle helper
/// ends with a record that keeps its promises or with an exception of SPEC section 3, sends a bounded number of
/// requests, and never shows the token. A fixed seed runs in every <c>dotnet test</c>; for a long run:
/// <c>VPS_FUZZ_ITERATIONS=100000 dotnet test tests/VpsOrg.Snapshots.Tests --filter FullyQualifiedName~Fuzz</c>
/// (<c>VPS_FUZZ_SEED</c> replays or varies the seed).
/// </summary>
public sealed class HostileServerFuzzTests
{
    /// <summary>No call sequence of the SDK may send more requests than this for one operation: a runaway loop fails the case.</summary>
    private const int RequestBound = 100;

    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    private static readonly Gen<FuzzCase> Cases =
        Gen.Select(HostileGen.Operation, HostileGen.Reply.Array[1, 8], Gen.Bool, (operation, replies, provider) => new FuzzCase(operation, replies, provider));

    [Fact]
    public async Task AnyServerBehaviour_EndsInAPromiseKeepingResultOrADocumentedException()
    {
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("VPS_FUZZ_ITERATIONS"), out var n) ? n : 3000;
        var seed = Environment.GetEnvironmentVariable("VPS_FUZZ_SEED") is { Length: > 0 } s ? s : "0000000000J1";
        await Cases.SampleAsync(RunAsync, seed: seed, iter: iterations, threads: Environment.ProcessorCount);
    }

    internal static async Task RunAsync(FuzzCase fuzz)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 16, 16, 15, 0, TimeSpan.Zero));
        using var handler = new FuzzHandler(fuzz.Replies, time);
        var logger = new FakeLogger<SnapshotsClient>();
        var options = new VpsSnapshotsOptions { ApiToken = fuzz.UseProvider ? null : HostileGen.Token, Timeout = TimeSpan.FromSeconds(20) };
        if (fuzz.UseProvider)
        {
            options.TokenProvider = _ => new ValueTask<string>(HostileGen.ProvidedToken);
        }

        options.Retry.BaseDelay = TimeSpan.FromSeconds(1);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(4);
        options.Retry.AttemptTimeout = TimeSpan.FromSeconds(5);
        using var client = new SnapshotsClient(options, handler, logger, time);

        object? result = null;
        Exception? error = null;
        try
        {
            result = await DriveAsync(time, InvokeAsync(client, fuzz.Operation, time));
        }
        catch (Exception ex)
        {
            error = ex;
        }

        if (error is not null)
        {
            Assert.True(
                error is VpsApiException or HttpRequestException or TimeoutException or SnapshotFailedException,
                $"{fuzz.Operation} threw {error.GetType().FullName}, which SPEC section 3 does not allow: {error}");
            AssertNoToken(error.ToString(), fuzz.UseProvider);
        }
        else
        {
            RecordPromises.AssertKept(result);
        }

        Assert.InRange(handler.Requests, 1, RequestBound);
        foreach (var record in logger.Collector.GetSnapshot())
        {
            AssertNoToken(record.Message + record.Exception, fuzz.UseProvider);
        }
    }

    /// <summary>The token the case authenticated with (the options' or the provider's) appears nowhere.</summary>
    private static void AssertNoToken(string text, bool provider) =>
        Assert.DoesNotContain(provider ? HostileGen.ProvidedToken : HostileGen.Token, text, StringComparison.Ordinal);

    private static async Task<object?> InvokeAsync(SnapshotsClient client, string operation, TimeProvider time)
    {
        var wait = new SnapshotWaitOptions { PollInterval = TimeSpan.FromSeconds(1), MaxPollInterval = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromSeconds(10) };
        var inProgress = new Snapshot { Id = 802, Server = new ServerReference { Id = 12345 }, Name = "nightly", Status = SnapshotStatus.InProgress, CreatedAt = time.GetUtcNow() };
        switch (operation)
        {
            case "list":
                return await client.ListAsync();
            case "list-server":
                return await client.ListAsync(12345);
            case "create":
                return await client.CreateAsync(new CreateSnapshotRequest(12345, "nightly"));
            case "restore":
                return await client.RestoreAsync(801);
            case "delete":
                await client.DeleteAsync(801);
                return null;
            case "list-all":
                var all = new List<Snapshot>();
                await foreach (var snapshot in client.ListAllAsync())
                {
                    all.Add(snapshot);
                }

                return new SnapshotList { Count = all.Count, Results = all };
            case "wait":
                return await client.WaitForCompletionAsync(inProgress, wait);
            case "rotate":
                return await client.CreateWithRotationAsync(new CreateSnapshotRequest(12345, "nightly"), keepLast: 3);
            case "prune":
                return await client.PruneAsync(12345, new PruneOptions { KeepLast = 1 });
            default:
                return await client.SafeRestoreAsync(801, new RestoreOptions { Wait = wait });
        }
    }

    /// <summary>Moves fake time on while the call waits on a timer; bounded in fake and real time, so a call that never ends fails the case.</summary>
    private static async Task<object?> DriveAsync(FakeTimeProvider time, Task<object?> task)
    {
        for (var i = 0; i < 600 && !task.IsCompleted; i++)
        {
            for (var spin = 0; spin < 30 && !task.IsCompleted; spin++)
            {
                await Task.Yield();
            }

            if (!task.IsCompleted)
            {
                time.Advance(Step);
            }
        }

        // Past every budget on the fake clock, the call must end promptly on the real one too (its continuations may
        // still be running, the first time through a path): a call still running after 10 real seconds hangs. The fake
        // clock goes on meanwhile, as a real one would: a continuation the machine delayed may only now have armed its
        // timer (an attempt's deadline is what is left of the budget when it starts, and a busy test run can start it
        // late on a clock that the loop above moves on without waiting).
        var real = System.Diagnostics.Stopwatch.StartNew();
        while (!task.IsCompleted && real.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.WhenAny(task, Task.Delay(10));
            time.Advance(Step);
        }

        Assert.True(task.IsCompleted, "The call did not end 600 s (fake) and 10 s (real) after it began: a hang.");
        return await task;
    }

    /// <summary>Answers with the scripted replies in order, then 501 (a final status) once the script runs out.</summary>
    private sealed class FuzzHandler(HostileReply[] replies, FakeTimeProvider time) : HttpMessageHandler
    {
        private int _next = -1;
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            var index = Interlocked.Increment(ref _next);
            if (index >= replies.Length)
            {
                return new HttpResponseMessage(HttpStatusCode.NotImplemented) { Content = new StringContent("{\"detail\": \"script ended\"}") };
            }

            var reply = replies[index];
            switch (reply.Fault)
            {
                case TransportFault.Drop:
                    throw new HttpRequestException("An error occurred while sending the request.", new IOException("The response ended prematurely."));
                case TransportFault.Refuse:
                    throw new HttpRequestException("Connection refused", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));
                case TransportFault.Hang:
                    await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken);
                    break;
            }

            return reply.ToResponse(time.GetUtcNow());
        }
    }
}

/// <summary>One generated case: an operation and what the server answers, in order.</summary>
public sealed record FuzzCase(string Operation, HostileReply[] Replies, bool UseProvider)
{
    public override string ToString() => $"{Operation} provider={UseProvider}\n  " + string.Join("\n  ", Replies.Select(r => r.ToString()));
}

/// <summary>Checks that what the SDK returned keeps every promise of the record types.</summary>
internal static class RecordPromises
{
    public static void AssertKept(object? result)
    {
        switch (result)
        {
            case null:
                return;
            case SnapshotList list:
                Assert.NotNull(list.Results);
                Assert.All(list.Results, Snapshot);
                Assert.Equal(list.Results.Count, list.Results.Select(s => s.Id).Distinct().Count());
                return;
            case Snapshot snapshot:
                Snapshot(snapshot);
                return;
            case RestoreResult restore:
                Restore(restore);
                return;
            case RotationResult rotation:
                Snapshot(rotation.Created);
                Assert.All(rotation.Deleted, Snapshot);
                return;
            case PruneResult prune:
                Assert.All(prune.Deleted, Snapshot);
                return;
            case SafeRestoreResult safe:
                Restore(safe.Restore);
                Assert.All(safe.Deleted, Snapshot);
                if (safe.SafetySnapshot is { } safety)
                {
                    Snapshot(safety);
                }

                return;
            default:
                Assert.Fail("Unexpected result type " + result.GetType());
                return;
        }
    }

    private static void Snapshot(Snapshot snapshot)
    {
        Assert.NotNull(snapshot);
        Assert.NotNull(snapshot.Server);
        Assert.NotNull(snapshot.Name);
        Assert.True(snapshot.Id > 0 && snapshot.Server.Id > 0, $"snapshot {snapshot.Id} on server {snapshot.Server.Id}: ids are positive");
    }

    private static void Restore(RestoreResult restore)
    {
        Assert.NotNull(restore);
        Assert.NotNull(restore.Status);
        Assert.NotNull(restore.Snapshot);
        Assert.NotNull(restore.Server);
    }
}
