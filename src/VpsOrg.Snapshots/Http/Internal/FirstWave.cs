using System.Threading;
using System.Threading.Tasks;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>
/// A client's first wave, as TCP's slow start (RFC 5681) and Netflix's concurrency limits begin: before the client has
/// heard anything of the API's rate, at most a small window of requests in flight, one more for each answer without a
/// throttle, so many callers starting together send a handful first, not all. The first throttle ends it (the hold and
/// the pace govern from then); so does a window grown to <see cref="WindowLimit"/>, which an API that never throttles
/// reaches within a few round trips.
/// </summary>
#pragma warning disable CA1001 // The semaphore's wait handle is never asked for, so it holds nothing to dispose; the wave lives as long as its client.
internal sealed class FirstWave
#pragma warning restore CA1001
{
    /// <summary>Requests in flight before any answer (RFC 5681 allows 2 to 4 segments).</summary>
    public const int InitialWindow = 2;

    /// <summary>A window this wide means the API took that many requests at once without a throttle: the wave is over.</summary>
    public const int WindowLimit = 1024;

    private readonly SemaphoreSlim _places = new(InitialWindow);
    private readonly object _lock = new();
    private volatile bool _on;
    private int _window = InitialWindow;

    public FirstWave(bool on)
    {
        _on = on;
    }

    /// <summary>Whether the window still limits the requests in flight.</summary>
    public bool On => _on;

    /// <summary>How many requests may be in flight while the wave lasts.</summary>
    public int Window => Volatile.Read(ref _window);

    /// <summary>Takes a place if one is free now.</summary>
    public bool TryEnter() => _places.Wait(0, CancellationToken.None);

    /// <summary>Waits for a place (the wave may end meanwhile: then every waiter goes on).</summary>
    public Task EnterAsync(CancellationToken cancellationToken) => _places.WaitAsync(cancellationToken);

    /// <summary>Gives a place back: with one more for an answer without a throttle (slow start); a throttle ends the wave.</summary>
    public void Exit(bool answered, bool throttled)
    {
        if (throttled)
        {
            End();
        }
        else if (!_on || !answered)
        {
            _places.Release();
        }
        else if (Interlocked.Increment(ref _window) >= WindowLimit)
        {
            End();
        }
        else
        {
            _places.Release(2);
        }
    }

    /// <summary>Ends the wave: everyone waiting for a place goes on.</summary>
    public void End()
    {
        lock (_lock)
        {
            if (!_on)
            {
                return;
            }

            _on = false;
        }

        _places.Release(1 << 20);
    }
}
