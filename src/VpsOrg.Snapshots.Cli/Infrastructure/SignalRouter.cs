using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;

namespace VpsOrg.Snapshots.Cli.Infrastructure;

/// <summary>
/// What the tool does with SIGINT, SIGTERM, SIGHUP (and SIGQUIT while guard supervises COMMAND). While COMMAND runs,
/// each signal guard receives is forwarded to COMMAND's process group, once (as <c>tini -g</c> and coreutils
/// <c>timeout</c> do), and guard goes on waiting. Otherwise the first one cancels the call in flight (the command
/// then says what may be left behind and exits 128+N) and a second one ends the process. .NET 10 has no default
/// SIGTERM handling, so without this a <c>docker stop</c> or a CI cancel would kill the tool where it stands.
/// </summary>
internal sealed class SignalRouter : IDisposable
{
    private readonly CancellationTokenSource _interrupt = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly object _gate = new();
    private const int Pending = int.MinValue;
    private readonly List<int> _pending = [];
    private int _childGroup;
    private PosixSignalRegistration? _quit;

    private SignalRouter()
    {
    }

    /// <summary>Cancelled by the first signal that arrives while no COMMAND runs.</summary>
    public CancellationToken Interrupt => _interrupt.Token;

    /// <summary>The signal that cancelled <see cref="Interrupt"/> (its number), or <see langword="null"/>.</summary>
    public int? InterruptedBy { get; private set; }

    public static SignalRouter Install()
    {
        var router = new SignalRouter();
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            router._registrations.Add(PosixSignalRegistration.Create(signal, router.Handle));
        }

        return router;
    }

    /// <summary>
    /// From now until the result is disposed, signals belong to COMMAND: taken before COMMAND starts (so none falls
    /// between its start and its group being known), forwarded once <see cref="Supervision.Started"/> names its group.
    /// </summary>
    public Supervision Supervise()
    {
        lock (_gate)
        {
            _childGroup = Pending;
            _pending.Clear();
            if (!OperatingSystem.IsWindows())
            {
                _quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Handle);
            }
        }

        return new Supervision(this);
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _quit?.Dispose();
        _interrupt.Dispose();
    }

    private static int Number(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => Posix.SIGHUP,
        PosixSignal.SIGINT => Posix.SIGINT,
        PosixSignal.SIGQUIT => Posix.SIGQUIT,
        _ => Posix.SIGTERM,
    };

    private void Handle(PosixSignalContext context)
    {
        var number = Number(context.Signal);
        lock (_gate)
        {
            if (_childGroup != 0)
            {
                // COMMAND runs: it decides what the signal means; guard passes it on and waits for its exit.
                context.Cancel = true;
                if (_childGroup > 0)
                {
                    _ = Posix.kill(-_childGroup, number);
                }
                else if (_childGroup == Pending)
                {
                    _pending.Add(number);
                }

                return;
            }
        }

        if (_interrupt.IsCancellationRequested)
        {
            // A second signal: the default action (the process ends).
            return;
        }

        context.Cancel = true;
        InterruptedBy = number;
        _interrupt.Cancel();
    }

    /// <summary>Signals belong to COMMAND until disposed.</summary>
    public sealed class Supervision(SignalRouter router) : IDisposable
    {
        /// <summary>COMMAND started in process group <paramref name="processGroup"/> (0 on Windows, where COMMAND shares the console and gets its Ctrl+C itself): forward what came meanwhile, and all that comes next.</summary>
        public void Started(int processGroup)
        {
            lock (router._gate)
            {
                router._childGroup = processGroup == 0 ? -1 : processGroup;
                if (processGroup > 0)
                {
                    foreach (var number in router._pending)
                    {
                        _ = Posix.kill(-processGroup, number);
                    }
                }

                router._pending.Clear();
            }
        }

        public void Dispose()
        {
            int[] unclaimed;
            lock (router._gate)
            {
                unclaimed = [.. router._pending];
                router._pending.Clear();
                router._childGroup = 0;
                router._quit?.Dispose();
                router._quit = null;
            }

            // COMMAND never started: a signal taken for it interrupts the tool as any other would.
            if (unclaimed.Length > 0 && !router._interrupt.IsCancellationRequested)
            {
                router.InterruptedBy = unclaimed[0];
                router._interrupt.Cancel();
            }
        }
    }
}
