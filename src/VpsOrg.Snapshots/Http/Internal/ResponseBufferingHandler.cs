using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// Reads each attempt's body before the attempt ends (<see cref="ResponseBuffer"/>), so the retry handler's attempt
/// timeout also cuts a body that stalls mid-way, and a body cut off by the connection fails its attempt (and is
/// retried where that is safe). It never decodes: the client does, after the pipeline returns.
/// </summary>
internal sealed class ResponseBufferingHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var sending = base.SendAsync(request, cancellationToken);
#if NET8_0_OR_GREATER
        if (sending.IsCompletedSuccessfully)
#else
        if (sending.Status == TaskStatus.RanToCompletion)
#endif
        {
            // An answer already in memory (a test transport, the emulator) is buffered without a state machine.
            var buffering = ResponseBuffer.ReadAsync(sending.Result, cancellationToken);
            if (buffering.IsCompletedSuccessfully)
            {
                return sending;
            }

            return AfterBufferingAsync(sending.Result, buffering);
        }

        return BufferAsync(sending, cancellationToken);
    }

    private static async Task<HttpResponseMessage> BufferAsync(Task<HttpResponseMessage> sending, CancellationToken cancellationToken)
    {
        var response = await sending.ConfigureAwait(false);
        return await AfterBufferingAsync(response, ResponseBuffer.ReadAsync(response, cancellationToken)).ConfigureAwait(false);
    }

    private static async Task<HttpResponseMessage> AfterBufferingAsync(HttpResponseMessage response, ValueTask<BufferedContent> buffering)
    {
        try
        {
            await buffering.ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
