using System;
using System.Threading;
using System.Threading.Tasks;

namespace VpsOrg.Snapshots.Http.Internal;

/// <summary>The token of one call: the caller's token, cancelled too when the call's budget (on the client's <see cref="TimeProvider"/>) runs out.</summary>
internal sealed class CallBudget : IDisposable
{
    private readonly CancellationTokenSource? _timeout;
    private readonly CancellationTokenSource? _linked;

    public CallBudget(TimeSpan budget, TimeProvider timeProvider, CancellationToken callerToken)
    {
        if (budget == Timeout.InfiniteTimeSpan)
        {
            Token = callerToken;
            return;
        }

#if NET8_0_OR_GREATER
        _timeout = new CancellationTokenSource(budget, timeProvider);
#else
        _timeout = timeProvider.CreateCancellationTokenSource(budget);
#endif
        _linked = callerToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(callerToken, _timeout.Token) : null;
        Token = _linked?.Token ?? _timeout.Token;
    }

    public CancellationToken Token { get; }

    /// <summary>Whether the budget ran out (as opposed to the caller cancelling).</summary>
    public bool Expired => _timeout?.IsCancellationRequested == true;

    public void Dispose()
    {
        _linked?.Dispose();
        _timeout?.Dispose();
    }
}
