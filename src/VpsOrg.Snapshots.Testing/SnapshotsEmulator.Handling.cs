using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Testing.Internal;

namespace VpsOrg.Snapshots.Testing;

/// <summary>The emulator's request handling: faults first, then the router, with the standard headers and the request log.</summary>
public sealed partial class SnapshotsEmulator
{
    /// <summary>Handles one request with the API's behaviour (and any injected fault). Used by the transports.</summary>
    internal async Task<EmulatorResponse> HandleAsync(EmulatorRequest request, CancellationToken cancellationToken = default)
    {
        var arrived = _world.Now;
        EmulatorFault? fault;
        lock (_world.Gate)
        {
            fault = _faults.Take(request);
        }

        if (fault?.Kind == EmulatorFaultKind.Delay)
        {
            try
            {
                await Task.Delay(fault.Delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The client gave up (its attempt timeout): log the request as never answered.
                lock (_world.Gate)
                {
                    Log(Record(request, 0, arrived, fault));
                }

                throw;
            }
        }

        EmulatorResponse response;
        lock (_world.Gate)
        {
            if (fault?.Kind is EmulatorFaultKind.CommitThenStatus or EmulatorFaultKind.CommitThenDrop)
            {
                // The change is made; only the answer is lost.
                _router.Route(request);
            }

            response = fault?.Kind switch
            {
                EmulatorFaultKind.Status or EmulatorFaultKind.CommitThenStatus => FaultInjector.Status(fault),
                EmulatorFaultKind.DropConnection or EmulatorFaultKind.CommitThenDrop => FaultInjector.Dropped(),
                EmulatorFaultKind.RefuseConnection => FaultInjector.Dropped() with { Refuse = true },
                _ => _router.Route(request),
            };

            response = response with { Headers = [.. response.Headers, .. StandardHeaders()] };
            Log(Record(request, response.Drop || response.Refuse ? 0 : response.StatusCode, arrived, fault));
        }

        return response;
    }

    /// <summary>Logs a request (under the world's lock), dropping the oldest past the log's limit.</summary>
    private void Log(EmulatorRequestRecord record)
    {
        _requests.Enqueue(record);
        while (_requests.Count > (_options.RequestLogLimit ?? int.MaxValue))
        {
            _requests.Dequeue();
            _requestsDropped++;
        }
    }

    private static EmulatorRequestRecord Record(EmulatorRequest request, int statusCode, DateTimeOffset arrived, EmulatorFault? fault) =>
        new(
            request.Method,
            request.Path,
            request.Query,
            request.Authorization,
            request.Body is null || request.Body.Length == 0 ? null : Encoding.UTF8.GetString(request.Body),
            statusCode,
            arrived,
            fault)
        {
            BaseAddress = request.BaseAddress,
        };

    private List<KeyValuePair<string, string>> StandardHeaders() =>
    [
        new("Date", _world.Now.UtcDateTime.ToString("r", CultureInfo.InvariantCulture)),
        new("X-Request-Id", "emu-" + Interlocked.Increment(ref _requestCounter).ToString(CultureInfo.InvariantCulture)),
    ];
}
