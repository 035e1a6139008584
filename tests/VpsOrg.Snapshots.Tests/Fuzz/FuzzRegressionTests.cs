using System.Net;
using System.Text;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Tests.Fuzz;

/// <summary>The shrunk counterexamples the hostile-server fuzz found, kept as plain tests.</summary>
public sealed class FuzzRegressionTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    /// <summary>Seed aYi3H5ABdvI1: a 404 whose <c>X-Request-Id</c> echoed the token put it in the message and <c>RequestId</c>.</summary>
    [Fact]
    public async Task RequestIdHeaderEchoingTheToken_IsRedactedInMessageAndRequestId()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.NotFound, string.Empty, configure: r => r.Headers.Add("X-Request-Id", TestClients.Token));
        using var client = TestClients.Create(api);

        var ex = await Assert.ThrowsAsync<VpsNotFoundException>(() => client.DeleteAsync(801));

        Assert.Equal("***", ex.RequestId);
        Assert.DoesNotContain(TestClients.Token, ex.ToString());
    }

    /// <summary>Seed foJcQKJwBpj3: an error body that stalled was read without a token, so the call outlived its budget.</summary>
    [Fact]
    public async Task ErrorBodyThatStalls_IsCutByTheAttemptTimeout()
    {
        using var api = new ScriptedHandler()
            .Respond(_ => new HttpResponseMessage((HttpStatusCode)599) { Content = new StreamContent(new StallingStream(Encoding.UTF8.GetBytes("""{"detail": "Server is not in a valid state"}""")[..20])) })
            .Respond(HttpStatusCode.OK, SeedJson.List);
        using var client = TestClients.Create(api, o =>
        {
            o.Retry.AttemptTimeout = TimeSpan.FromSeconds(2);
            o.Timeout = TimeSpan.FromSeconds(30);
        });

        var list = await api.Time.DriveAsync(client.ListAsync(), Step);

        Assert.Equal(2, list.Count);
        Assert.Equal(2, api.Requests.Count);
    }

    /// <summary>Seed epznPBLC_0A4: the attempt timeout and the call's budget ending together let Polly's own exception escape.</summary>
    [Fact]
    public async Task AttemptTimeoutAndBudgetEndingTogether_IsATimeoutException()
    {
        using var api = new ScriptedHandler().Hang();
        using var client = TestClients.Create(api, o =>
        {
            o.Retry.AttemptTimeout = TimeSpan.FromSeconds(5);
            o.Timeout = TimeSpan.FromSeconds(5);
        });

        var task = client.ListAsync();
        await api.WaitForRequestsAsync(1);
        api.Time.Advance(TimeSpan.FromSeconds(6));

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("did not complete within its Timeout of 5 s", ex.Message);
    }

    /// <summary>Seed d67xtQEptxH6: a listed snapshot of server -1 reached the safety restore, which threw ArgumentOutOfRangeException.</summary>
    [Theory]
    [InlineData("""{"count": 1, "results": [{"id": 801, "server": {"id": -1, "name": "a"}, "name": "n", "status": "completed", "created_at": "2025-01-15T18:30:00Z"}]}""", "results[0].server.id is not a positive id")]
    [InlineData("""{"count": 1, "results": [{"id": 0, "server": {"id": 12345, "name": "a"}, "name": "n", "status": "completed", "created_at": "2025-01-15T18:30:00Z"}]}""", "results[0].id is not a positive id")]
    public async Task ListedSnapshotWithAnIdTheApiCannotHave_IsABrokenPromise(string body, string what)
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.OK, body);
        using var client = TestClients.Create(api);

        var ex = await Assert.ThrowsAsync<VpsApiException>(() => client.SafeRestoreAsync(801, new RestoreOptions()));

        Assert.EndsWith($"the response is not a valid answer: {what}.", ex.Message);
        Assert.Single(api.Requests);
    }
}
