using System.Net;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Tests.Errors;

/// <summary>Every non-2xx status and every error body shape of SPEC section 2 becomes a typed exception.</summary>
public class VpsApiExceptionTests
{
    private static SnapshotsClient NoRetryClient(ScriptedHandler api) => TestClients.Create(api, o => o.Retry.MaxRetries = 0);

    [Theory]
    [InlineData(400, typeof(VpsBadRequestException))]
    [InlineData(401, typeof(VpsAuthenticationException))]
    [InlineData(403, typeof(VpsAuthenticationException))]
    [InlineData(404, typeof(VpsNotFoundException))]
    [InlineData(405, typeof(VpsApiException))]
    [InlineData(409, typeof(VpsApiException))]
    [InlineData(429, typeof(VpsRateLimitException))]
    [InlineData(500, typeof(VpsServerException))]
    [InlineData(502, typeof(VpsServerException))]
    [InlineData(503, typeof(VpsServerException))]
    [InlineData(504, typeof(VpsServerException))]
    public async Task ListAsync_ErrorStatus_ThrowsMatchingType(int status, Type expected)
    {
        using var api = new ScriptedHandler().Respond((HttpStatusCode)status, """{"detail": "Something happened."}""");
        using var client = NoRetryClient(api);

        var ex = await Assert.ThrowsAnyAsync<VpsApiException>(() => client.ListAsync());

        Assert.IsType(expected, ex);
        Assert.Equal(status, ex.StatusCode);
        Assert.Equal("Something happened.", ex.Detail);
        Assert.StartsWith($"VPS.org API {status} ", ex.Message);
        Assert.EndsWith("on GET /api/v1/snapshots/: Something happened.", ex.Message);
    }

    [Fact]
    public async Task Unauthorized_DrfDetail_ThrowsAuthenticationWithoutToken()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.Unauthorized, """{"detail": "Invalid token."}""", configure: r => r.Headers.Add("X-Request-Id", "req-42"));
        using var client = NoRetryClient(api);

        var ex = await Assert.ThrowsAsync<VpsAuthenticationException>(() => client.ListAsync());

        Assert.Equal("VPS.org API 401 Unauthorized on GET /api/v1/snapshots/: Invalid token. (request id req-42)", ex.Message);
        Assert.Equal("req-42", ex.RequestId);
        Assert.DoesNotContain(TestClients.Token, ex.ToString());
    }

    [Fact]
    public async Task ErrorBody_EchoingToken_IsRedactedFromEveryMember()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.Unauthorized, $$"""{"detail": "Token {{TestClients.Token}} is invalid."}""");
        using var client = NoRetryClient(api);

        var ex = await Assert.ThrowsAsync<VpsAuthenticationException>(() => client.ListAsync());

        Assert.DoesNotContain(TestClients.Token, ex.ToString());
        Assert.DoesNotContain(TestClients.Token, ex.Detail);
        Assert.DoesNotContain(TestClients.Token, ex.ResponseBody);
        Assert.Contains("***", ex.Detail);
    }

    [Theory]
    [InlineData("""{"error": "Rate limited"}""", "Rate limited")]
    [InlineData("""{"message": "Slow down"}""", "Slow down")]
    [InlineData("""{"detail": "Request was throttled. Expected available in 3 seconds."}""", "Request was throttled. Expected available in 3 seconds.")]
    public async Task ErrorBody_DetailErrorOrMessage_BecomesDetail(string body, string detail)
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.TooManyRequests, body, configure: r => r.Headers.Add("Retry-After", "7"));
        using var client = NoRetryClient(api);

        var ex = await Assert.ThrowsAsync<VpsRateLimitException>(() => client.ListAsync());

        Assert.Equal(detail, ex.Detail);
        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
    }

    [Fact]
    public async Task RateLimit_RetryAfterDate_IsConvertedToDelay()
    {
        using var api = new ScriptedHandler();
        var at = api.Time.GetUtcNow().AddSeconds(42);
        api.Respond(HttpStatusCode.TooManyRequests, "{}", configure: r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(at));
        using var client = NoRetryClient(api);

        var ex = await Assert.ThrowsAsync<VpsRateLimitException>(() => client.ListAsync());

        Assert.Equal(TimeSpan.FromSeconds(42), ex.RetryAfter);
    }

    [Fact]
    public async Task ErrorBody_NonFieldErrors_BecomeDetailAndErrors()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.BadRequest, """{"non_field_errors": ["Server is busy.", "Try later."]}""");
        using var client = NoRetryClient(api);

        var ex = await Assert.ThrowsAsync<VpsBadRequestException>(() => client.RestoreAsync(1));

        Assert.Equal("Server is busy.", ex.Detail);
        Assert.Equal(["Server is busy.", "Try later."], ex.Errors["non_field_errors"]);
    }

    [Fact]
    public async Task ErrorBody_BareJsonArray_BecomesNonFieldErrors()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.BadRequest, """["Server is not in a valid state for restoration."]""");
        using var client = NoRetryClient(api);

        var ex = await Assert.ThrowsAsync<VpsBadRequestException>(() => client.RestoreAsync(1));

        Assert.Equal("Server is not in a valid state for restoration.", ex.Detail);
    }

    [Fact]
    public async Task ErrorBody_HtmlFromProxy_ThrowsServerExceptionWithTitle()
    {
        const string html = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
        using var api = new ScriptedHandler().Respond(HttpStatusCode.BadGateway, html, "text/html");
        using var client = NoRetryClient(api);

        var ex = await Assert.ThrowsAsync<VpsServerException>(() => client.ListAsync());

        Assert.Equal("VPS.org API 502 Bad Gateway on GET /api/v1/snapshots/: HTML page '502 Bad Gateway'", ex.Message);
        Assert.Equal(html, ex.ResponseBody);
        Assert.Empty(ex.Errors);
    }

    [Fact]
    public async Task ErrorBody_Empty_ThrowsWithReadableMessage()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.ServiceUnavailable);
        using var client = NoRetryClient(api);

        var ex = await Assert.ThrowsAsync<VpsServerException>(() => client.ListAsync());

        Assert.Equal("VPS.org API 503 Service Unavailable on GET /api/v1/snapshots/: (empty response body)", ex.Message);
        Assert.Null(ex.Detail);
    }

    [Fact]
    public async Task ErrorBody_TruncatedJson_DoesNotThrowJsonException()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.BadRequest, """{"detail": "cut o""");
        using var client = NoRetryClient(api);

        var ex = await Assert.ThrowsAsync<VpsBadRequestException>(() => client.RestoreAsync(1));

        Assert.Null(ex.Detail);
        Assert.Equal("""{"detail": "cut o""", ex.ResponseBody);
    }

    [Fact]
    public async Task ErrorBody_PlainText_BecomesDetail()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.InternalServerError, "upstream connect error", "text/plain");
        using var client = NoRetryClient(api);

        var ex = await Assert.ThrowsAsync<VpsServerException>(() => client.ListAsync());

        Assert.Equal("upstream connect error", ex.Detail);
    }

    [Fact]
    public async Task ErrorBody_Huge_IsTruncatedInException()
    {
        var huge = "{\"detail\": \"" + new string('x', 100_000) + "\"}";
        using var api = new ScriptedHandler().Respond(HttpStatusCode.InternalServerError, huge);
        using var client = NoRetryClient(api);

        var ex = await Assert.ThrowsAsync<VpsServerException>(() => client.ListAsync());

        Assert.True(ex.ResponseBody!.Length <= 4100);
    }

    [Theory]
    [InlineData("<html><body>Welcome</body></html>", "text/html")]
    [InlineData("", "application/json")]
    [InlineData("{\"count\": 2, \"results\": [", "application/json")]
    [InlineData("{\"count\": \"two\", \"results\": []}", "application/json")]
    [InlineData("{\"count\": 1, \"results\": [{\"id\": 1}]}", "application/json")]
    [InlineData("{\"count\": 1, \"results\": [{\"id\": 1, \"server\": null, \"name\": \"a\", \"status\": \"completed\", \"created_at\": \"2025-01-15T18:30:00Z\"}]}", "application/json")]
    public async Task SuccessBody_NotValidForModel_ThrowsVpsApiExceptionWithExcerpt(string body, string mediaType)
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.OK, body, mediaType);
        using var client = NoRetryClient(api);

        var ex = await Assert.ThrowsAsync<VpsApiException>(() => client.ListAsync());

        Assert.Equal(200, ex.StatusCode);
        Assert.Equal(body, ex.ResponseBody);
        Assert.StartsWith("VPS.org API 200 OK on GET /api/v1/snapshots/: the response had ", ex.Message);
    }

    [Theory]
    [InlineData("null", "the body is JSON null")]
    [InlineData("{\"count\": 1}", "the list has no 'results'")]
    [InlineData("{\"count\": 1, \"results\": null}", "the list has no 'results'")]
    [InlineData("{\"count\": 2, \"results\": [null]}", "results[0] is null")]
    public async Task SuccessBody_BreaksARecordPromise_ThrowsVpsApiExceptionSayingWhich(string body, string what)
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.OK, body);
        using var client = NoRetryClient(api);

        var ex = await Assert.ThrowsAsync<VpsApiException>(() => client.ListAsync());

        Assert.Equal(200, ex.StatusCode);
        Assert.Equal(body, ex.ResponseBody);
        Assert.Equal($"VPS.org API 200 OK on GET /api/v1/snapshots/: the response is not a valid answer: {what}.", ex.Message);
    }

    [Fact]
    public async Task CreateAsync_201WithHtml_ThrowsVpsApiException()
    {
        using var api = new ScriptedHandler().Respond(HttpStatusCode.Created, "<html>ok</html>", "text/html");
        using var client = NoRetryClient(api);

        var ex = await Assert.ThrowsAsync<VpsApiException>(() => client.CreateAsync(new CreateSnapshotRequest(1, "a")));

        Assert.Equal(201, ex.StatusCode);
    }

    [Fact]
    public void Exceptions_FormHierarchyOfSpec()
    {
        Assert.True(typeof(VpsBadRequestException).IsSubclassOf(typeof(VpsApiException)));
        Assert.True(typeof(SnapshotLimitExceededException).IsSubclassOf(typeof(VpsBadRequestException)));
        Assert.True(typeof(VpsAuthenticationException).IsSubclassOf(typeof(VpsApiException)));
        Assert.True(typeof(VpsNotFoundException).IsSubclassOf(typeof(VpsApiException)));
        Assert.True(typeof(VpsRateLimitException).IsSubclassOf(typeof(VpsApiException)));
        Assert.True(typeof(VpsServerException).IsSubclassOf(typeof(VpsApiException)));
        Assert.True(typeof(SnapshotLimitExceededException).IsSealed);
        Assert.False(typeof(VpsBadRequestException).IsSealed);
    }

    [Theory]
    [InlineData(400, "Bad Request")]
    [InlineData(401, "Unauthorized")]
    [InlineData(403, "Forbidden")]
    [InlineData(404, "Not Found")]
    [InlineData(405, "Method Not Allowed")]
    [InlineData(408, "Request Timeout")]
    [InlineData(409, "Conflict")]
    [InlineData(429, "Too Many Requests")]
    [InlineData(500, "Internal Server Error")]
    [InlineData(502, "Bad Gateway")]
    [InlineData(503, "Service Unavailable")]
    [InlineData(504, "Gateway Timeout")]
    [InlineData(418, "418")]
    public async Task Message_WithoutAReasonPhrase_NamesTheStatusAsHttpDoes(int status, string phrase)
    {
        using var api = new ScriptedHandler().Respond(_ => new HttpResponseMessage((HttpStatusCode)status) { ReasonPhrase = string.Empty, Content = new StringContent("""{"detail": "no"}""") });
        using var client = TestClients.Create(api, o => o.Retry.MaxRetries = 0);

        var ex = await Assert.ThrowsAnyAsync<VpsApiException>(() => client.RestoreAsync(801));

        Assert.StartsWith($"VPS.org API {status} {phrase} on POST /api/v1/snapshots/801/restore/: no", ex.Message);
    }
}
