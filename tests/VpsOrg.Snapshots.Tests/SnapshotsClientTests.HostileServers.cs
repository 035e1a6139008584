using System.Net;
using System.Text;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Tests;

/// <summary>Servers that misbehave on purpose (SPEC section 4): nothing half-true is returned, nothing is sent twice.</summary>
public partial class SnapshotsClientTests
{
    private static string Snap(long id, string name = "nightly", string createdAt = "2025-01-16T16:15:00Z", string status = "completed") =>
        $$"""{"id": {{id}}, "server": {"id": 12345, "name": "web-server-01"}, "name": "{{name}}", "status": "{{status}}", "size_mb": 100, "created_at": "{{createdAt}}", "description": null}""";

    private static string PageOf(int count, string? next, params string[] snapshots) =>
        $$"""{"count": {{count}}, "next": {{(next is null ? "null" : "\"" + next + "\"")}}, "previous": null, "results": [{{string.Join(",", snapshots)}}]}""";

    [Fact]
    public async Task ListAsync_NextLinkBackToTheSamePage_EndsAtOnceWithStatusZero()
    {
        using var api = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, PageOf(4, "https://admin.vps.org/api/v1/snapshots/", Snap(4), Snap(3)));
        using var client = TestClients.Create(api);

        var ex = await Assert.ThrowsAsync<VpsApiException>(() => client.ListAsync());

        Assert.Single(api.Requests);
        Assert.Equal(0, ex.StatusCode);
        Assert.Contains("back to a page already read", ex.Message);
    }

    [Fact]
    public async Task ListAsync_NextLinksInACycle_EndAfterEachPageWasReadOnce()
    {
        using var api = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, PageOf(4, "/api/v1/snapshots/?page=2", Snap(4), Snap(3)))
            .Respond(HttpStatusCode.OK, PageOf(4, "/api/v1/snapshots/?page=1", Snap(2), Snap(1)))
            .Respond(HttpStatusCode.OK, PageOf(4, "/api/v1/snapshots/?page=2", Snap(4), Snap(3)));
        using var client = TestClients.Create(api);

        var ex = await Assert.ThrowsAsync<VpsApiException>(() => client.ListAsync());

        Assert.Equal(3, api.Requests.Count);
        Assert.Contains("'/api/v1/snapshots/?...' after 3 page(s)", ex.Message);
    }

    [Fact]
    public async Task ListAsync_PagesShiftedByASnapshotCreatedBetweenReads_NeverReturnsAnIdTwice()
    {
        // Page 1 is read, then someone creates snapshot 5: page 2 now starts with 3, which page 1 already had.
        using var api = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, PageOf(4, "/api/v1/snapshots/?page=2", Snap(4), Snap(3)))
            .Respond(HttpStatusCode.OK, PageOf(5, null, Snap(3), Snap(2)));
        using var client = TestClients.Create(api);

        var list = await client.ListAsync();

        Assert.Equal([4, 3, 2], list.Results.Select(s => s.Id));
        Assert.True(list.Results.Count <= list.Count);
    }

    [Fact]
    public async Task ListAllAsync_PagesShiftedBetweenReads_NeverYieldsAnIdTwice()
    {
        using var api = new ScriptedHandler()
            .Respond(HttpStatusCode.OK, PageOf(4, "/api/v1/snapshots/?page=2", Snap(4), Snap(3)))
            .Respond(HttpStatusCode.OK, PageOf(5, null, Snap(3), Snap(2)));
        using var client = TestClients.Create(api);

        var ids = new List<long>();
        await foreach (var snapshot in client.ListAllAsync())
        {
            ids.Add(snapshot.Id);
        }

        Assert.Equal([4, 3, 2], ids);
    }

    [Fact]
    public async Task ListAsync_OnePageRepeatingAnId_ReturnsItOnce()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.OK, PageOf(3, null, Snap(4), Snap(3), Snap(4)));
        using var client = TestClients.Create(api);

        var list = await client.ListAsync();

        Assert.Equal([4, 3], list.Results.Select(s => s.Id));
    }

    [Fact]
    public async Task ListAsync_BodyStallsMidWay_AttemptTimeoutCutsItAndTheRetrySucceeds()
    {
        using var api = new ScriptedHandler()
            .Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new StallingStream(Encoding.UTF8.GetBytes(SeedJson.List[..40]))) })
            .Respond(HttpStatusCode.OK, SeedJson.List);
        using var client = TestClients.Create(api, o => o.Retry.AttemptTimeout = TimeSpan.FromSeconds(2));
        var start = api.Time.GetUtcNow();

        var list = await api.Time.DriveAsync(client.ListAsync(), Step);

        Assert.Equal(2, list.Count);
        Assert.Equal(2, api.Requests.Count);
        Assert.InRange((api.Requests[1].At - start).TotalSeconds, 2.0, 3.5);
    }

    [Fact]
    public async Task ListAsync_EndlessBody_IsRefusedPastTheCapWithoutReadingOn()
    {
        var endless = new EndlessJsonStream();
        using var api = new ScriptedHandler().Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(endless) });
        using var client = TestClients.Create(api, o => o.Retry.AttemptTimeout = Timeout.InfiniteTimeSpan);

        var ex = await Assert.ThrowsAsync<VpsApiException>(() => client.ListAsync());

        Assert.Contains("larger than 4 MiB", ex.Message);
        Assert.Single(api.Requests);
        Assert.InRange(endless.Served, 4 * 1024 * 1024, (4 * 1024 * 1024) + (256 * 1024));
    }

    [Fact]
    public async Task ErrorBody_EchoingATokenFromTheProvider_IsRedactedEverywhere()
    {
        const string provided = "vault-token-9d1e77";
        using var api = new ScriptedHandler().Respond(HttpStatusCode.BadRequest, $$"""{"detail": "token {{provided}} is not valid here"}""");
        using var client = TestClients.Create(api, o =>
        {
            o.ApiToken = null;
            o.TokenProvider = _ => new ValueTask<string>(provided);
        });

        var ex = await Assert.ThrowsAsync<VpsBadRequestException>(() => client.ListAsync());

        Assert.Equal("Bearer " + provided, Assert.Single(api.Requests).Authorization);
        Assert.DoesNotContain(provided, ex.ToString());
        Assert.DoesNotContain(provided, ex.ResponseBody);
        Assert.DoesNotContain(provided, ex.Detail);
        Assert.Contains("token *** is not valid here", ex.Message);
    }

    [Fact]
    public async Task CreateAsync_TwoUnknownOutcomesOneCommit_EachCallerGetsOnlyItsOwnSnapshot()
    {
        using var api = new ScriptedHandler();
        var now = api.Time.GetUtcNow();
        var at = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        api.Respond(HttpStatusCode.InternalServerError, "{}", configure: ScriptedHandler.ServerDate(now))     // A: committed as 802, answer lost
           .Respond(HttpStatusCode.OK, PageOf(1, null, Snap(802, createdAt: at, status: "in_progress")), configure: ScriptedHandler.ServerDate(now))
           .DropConnection()                                                                                 // B: lost before it was carried out
           .Respond(HttpStatusCode.OK, PageOf(1, null, Snap(802, createdAt: at, status: "in_progress")), configure: ScriptedHandler.ServerDate(now))
           .Respond(HttpStatusCode.Created, Snap(803, createdAt: at, status: "in_progress"), configure: ScriptedHandler.ServerDate(now));
        using var client = TestClients.Create(api);

        var a = await api.Time.DriveAsync(client.CreateAsync(new CreateSnapshotRequest(12345, "nightly")), Step);
        var b = await api.Time.DriveAsync(client.CreateAsync(new CreateSnapshotRequest(12345, "nightly")), Step);

        Assert.Equal(802, a.Id);
        Assert.Equal(803, b.Id);
        Assert.Equal(["POST", "GET", "POST", "GET", "POST"], api.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task CreateAsync_UnknownOutcomeAfterAnotherCallersSuccess_DoesNotTakeTheirSnapshot()
    {
        using var api = new ScriptedHandler();
        var now = api.Time.GetUtcNow();
        var at = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        api.Respond(HttpStatusCode.Created, Snap(802, createdAt: at, status: "in_progress"), configure: ScriptedHandler.ServerDate(now))
           .DropConnection()
           .Respond(HttpStatusCode.OK, PageOf(1, null, Snap(802, createdAt: at, status: "in_progress")), configure: ScriptedHandler.ServerDate(now))
           .Respond(HttpStatusCode.Created, Snap(803, createdAt: at, status: "in_progress"), configure: ScriptedHandler.ServerDate(now));
        using var client = TestClients.Create(api);

        var a = await api.Time.DriveAsync(client.CreateAsync(new CreateSnapshotRequest(12345, "nightly")), Step);
        var b = await api.Time.DriveAsync(client.CreateAsync(new CreateSnapshotRequest(12345, "nightly")), Step);

        Assert.Equal([802, 803], new[] { a.Id, b.Id });
    }

    [Fact]
    public async Task CreateAsync_EveryAttemptGot503WithRetryAfter_FailsWithoutListing()
    {
        using var api = new ScriptedHandler();
        for (var i = 0; i < 4; i++)
        {
            api.Respond(HttpStatusCode.ServiceUnavailable, """{"detail": "Maintenance."}""", configure: r => r.Headers.Add("Retry-After", "1"));
        }

        using var client = TestClients.Create(api);

        await Assert.ThrowsAsync<VpsServerException>(() => api.Time.DriveAsync(client.CreateAsync(new CreateSnapshotRequest(12345, "nightly")), Step));

        Assert.Equal(["POST", "POST", "POST", "POST"], api.Requests.Select(r => r.Method));
    }

    [Theory]
    [InlineData("""{"detail": "Snapshot limit reached for this server."}""")]
    [InlineData("""{"non_field_errors": ["Maximum of 5 snapshots per server."]}""")]
    [InlineData("""["You can have at most 5 snapshots on a server."]""")]
    [InlineData("""{"error": "Snapshot quota exceeded."}""")]
    public async Task CreateAsync_LimitInAnyDrfShape_IsSnapshotLimitExceededWithoutListing(string body)
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.BadRequest, body);
        using var client = TestClients.Create(api);

        await Assert.ThrowsAsync<SnapshotLimitExceededException>(() => client.CreateAsync(new CreateSnapshotRequest(12345, "nightly")));

        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task CreateAsync_RewordedLimitMessage_IsConfirmedByTheServersCount()
    {
        using var api = new ScriptedHandler()
            .Respond(HttpStatusCode.BadRequest, """{"detail": "This server cannot take another one."}""")
            .Respond(HttpStatusCode.OK, PageOf(5, null, Snap(5), Snap(4), Snap(3), Snap(2), Snap(1)));
        using var client = TestClients.Create(api);

        var ex = await Assert.ThrowsAsync<SnapshotLimitExceededException>(() => client.CreateAsync(new CreateSnapshotRequest(12345, "nightly")));

        Assert.Equal("This server cannot take another one.", ex.Detail);
        Assert.Contains("already has 5 snapshots", ex.Message);
        Assert.Equal("https://admin.vps.org/api/v1/snapshots/?server_id=12345", api.Requests[1].Url);
    }

    [Fact]
    public async Task CreateAsync_Other400BelowTheLimit_StaysABadRequest()
    {
        using var api = new ScriptedHandler()
            .Respond(HttpStatusCode.BadRequest, """{"detail": "Server is being migrated."}""")
            .Respond(HttpStatusCode.OK, PageOf(2, null, Snap(2), Snap(1)));
        using var client = TestClients.Create(api);

        var ex = await Assert.ThrowsAsync<VpsBadRequestException>(() => client.CreateAsync(new CreateSnapshotRequest(12345, "nightly")));

        Assert.IsNotType<SnapshotLimitExceededException>(ex);
        Assert.Equal("Server is being migrated.", ex.Detail);
    }

    [Fact]
    public async Task CreateAsync_FieldError_IsABadRequestWithoutListing()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.BadRequest, """{"name": ["Snapshot with this name already exists."]}""");
        using var client = TestClients.Create(api);

        var ex = await Assert.ThrowsAsync<VpsBadRequestException>(() => client.CreateAsync(new CreateSnapshotRequest(12345, "nightly")));

        Assert.IsNotType<SnapshotLimitExceededException>(ex);
        Assert.Single(api.Requests);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task AnyCall_AnsweredWithARedirect_IsVpsApiExceptionNamingTheLocationWithoutItsQuery(int status)
    {
        using var api = new ScriptedHandler().Respond((HttpStatusCode)status, configure: r => r.Headers.Location = new Uri("https://elsewhere.example.test/api/v1/snapshots/801/?sig=s3cr3t"));
        using var client = TestClients.Create(api);

        var ex = await Assert.ThrowsAsync<VpsApiException>(() => client.DeleteAsync(801));

        Assert.Equal(status, ex.StatusCode);
        Assert.Contains("redirect to 'https://elsewhere.example.test/api/v1/snapshots/801/?...'", ex.Message);
        Assert.DoesNotContain("s3cr3t", ex.ToString());
    }


    /// <summary>A JSON list whose results never end, counting what it served.</summary>
    private sealed class EndlessJsonStream : Stream
    {
        private static readonly byte[] Head = Encoding.UTF8.GetBytes("""{"count": 1, "results": [""");
        private static readonly byte[] Item = Encoding.UTF8.GetBytes(Snap(1) + ",");

        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var written = 0;
            while (written < count)
            {
                var source = Served < Head.Length ? Head : Item;
                var from = Served < Head.Length ? (int)Served : (int)((Served - Head.Length) % Item.Length);
                var n = Math.Min(count - written, source.Length - from);
                Array.Copy(source, from, buffer, offset + written, n);
                written += n;
                Served += n;
            }

            return written;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
