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
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            await ResponseBuffer.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
