using System.IO.Compression;
using System.Text;
using VpsOrg.Snapshots.Tests.TestSupport;
using static VpsOrg.Snapshots.Tests.TestSupport.LoopbackClients;

namespace VpsOrg.Snapshots.Tests.Loopback;

/// <summary>
/// Compressed answers over 127.0.0.1 with the transport the SDK builds itself: it asks for compression and undoes it
/// (the handler's <c>AutomaticDecompression</c>) while the SDK reads the body, so its size caps count what the body
/// expands to, and a garbled compressed body is a transport failure, never a raw <see cref="InvalidDataException"/>.
/// </summary>
public sealed class CompressionTests
{
    // gzip, what DRF's servers send (each further method costs the handler about 130 bytes a call).
    private static readonly string[] Offered = ["gzip"];

    public static TheoryData<string> Encodings() => [.. Offered];

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task ListAsync_CompressedAnswer_IsAskedForAndDecoded(string encoding)
    {
        var body = Compress(encoding, Encoding.UTF8.GetBytes(SeedJson.List));
        await using var api = new LoopbackServer(_ => LoopbackAction.Raw(200, body, $"Content-Encoding: {encoding}\r\n"));

        foreach (var client in new[] { Owned(api.BaseAddress), FromDi(api.BaseAddress) })
        {
            var list = await client.ListAsync();

            Assert.Equal([801, 798], list.Results.Select(s => s.Id));
            (client as IDisposable)?.Dispose();
        }

        Assert.All(api.Requests, r => Assert.Equal(Offered, r.Headers["Accept-Encoding"].Split(',').Select(e => e.Trim())));
        Assert.Equal(2, api.Requests.Count);
    }

    [Fact]
    public async Task ListAsync_SmallBodyThatExpandsPastTheCap_IsRefusedAsTooLarge()
    {
        // 5 MiB of JSON whitespace compresses to a few KiB: the cap must count what it expands to.
        var huge = Encoding.UTF8.GetBytes("{\"count\": 0, \"results\": [" + new string(' ', 5 * 1024 * 1024) + "]}");
        var body = Compress("gzip", huge);
        Assert.True(body.Length < 64 * 1024);
        await using var api = new LoopbackServer(_ => LoopbackAction.Raw(200, body, "Content-Encoding: gzip\r\n"));
        using var client = Owned(api.BaseAddress);

        var ex = await Assert.ThrowsAsync<VpsApiException>(() => client.ListAsync());

        Assert.Equal(200, ex.StatusCode);
        Assert.Contains("larger than 4 MiB", ex.Message);
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task ListAsync_GarbledGzipBody_IsATransportFailureRetriedThenReported()
    {
        var garbled = Encoding.ASCII.GetBytes("this is not gzip at all, whatever the header says");
        await using var api = new LoopbackServer(_ => LoopbackAction.Raw(200, garbled, "Content-Encoding: gzip\r\n"));
        using var client = Owned(api.BaseAddress, o => o.Retry.MaxRetries = 2);

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.ListAsync());

        Assert.Contains("its compressed body is not valid", ex.ToString());
        Assert.Equal(3, api.Requests.Count);
    }

    [Fact]
    public async Task ErrorAnswer_GarbledGzipBody_StillReportsTheStatus()
    {
        var garbled = Encoding.ASCII.GetBytes("not gzip");
        await using var api = new LoopbackServer(_ => LoopbackAction.Raw(404, garbled, "Content-Encoding: gzip\r\n"));
        using var client = Owned(api.BaseAddress);

        var ex = await Assert.ThrowsAsync<VpsNotFoundException>(() => client.RestoreAsync(801));

        Assert.Equal(404, ex.StatusCode);
    }

    private static byte[] Compress(string encoding, byte[] data)
    {
        Assert.Equal("gzip", encoding);
        using var output = new MemoryStream();
        using (var compressor = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            compressor.Write(data);
        }

        return output.ToArray();
    }
}
