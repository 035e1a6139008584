using System;

namespace VpsOrg.Snapshots.Testing;

/// <summary>A failure the emulator injects into a matching request (see <see cref="SnapshotsEmulator.InjectFault"/>).</summary>
public sealed record EmulatorFault
{
    private EmulatorFault(EmulatorFaultKind kind, int statusCode, TimeSpan? retryAfter, TimeSpan delay, bool html)
    {
        Kind = kind;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
        Delay = delay;
        Html = html;
    }

    /// <summary>What the fault does.</summary>
    public EmulatorFaultKind Kind { get; }

    /// <summary>The status answered by <see cref="EmulatorFaultKind.Status"/> and <see cref="EmulatorFaultKind.CommitThenStatus"/>.</summary>
    public int StatusCode { get; }

    /// <summary>The <c>Retry-After</c> sent with the status, if any.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>How long <see cref="EmulatorFaultKind.Delay"/> waits before handling the request normally.</summary>
    public TimeSpan Delay { get; }

    /// <summary>Whether the status comes with a proxy's HTML page instead of a DRF JSON body.</summary>
    public bool Html { get; }

    /// <summary>Answers with <paramref name="statusCode"/> without touching any state.</summary>
    /// <param name="statusCode">The status, for example 503.</param>
    /// <param name="retryAfter">An optional <c>Retry-After</c> (sent as delta seconds).</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault Status(int statusCode, TimeSpan? retryAfter = null) =>
        new(EmulatorFaultKind.Status, statusCode, retryAfter, TimeSpan.Zero, false);

    /// <summary>Answers with a proxy's HTML error page (as nginx gives for 502/504) without touching any state.</summary>
    /// <param name="statusCode">The status, for example 502.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault HtmlPage(int statusCode) =>
        new(EmulatorFaultKind.Status, statusCode, null, TimeSpan.Zero, true);

    /// <summary>Waits <paramref name="delay"/> (on the emulator's clock), then handles the request normally.</summary>
    /// <param name="delay">How long to wait.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault Slow(TimeSpan delay) =>
        new(EmulatorFaultKind.Delay, 0, null, delay, false);

    /// <summary>Drops the connection before the request is handled: nothing changes on the server.</summary>
    /// <returns>The fault.</returns>
    public static EmulatorFault DropConnection() =>
        new(EmulatorFaultKind.DropConnection, 0, null, TimeSpan.Zero, false);

    /// <summary>Refuses the connection (in memory only; over HTTP it behaves as <see cref="DropConnection"/>).</summary>
    /// <returns>The fault.</returns>
    public static EmulatorFault RefuseConnection() =>
        new(EmulatorFaultKind.RefuseConnection, 0, null, TimeSpan.Zero, false);

    /// <summary>Handles the request (the change is made), then answers <paramref name="statusCode"/> instead of the result.</summary>
    /// <param name="statusCode">The status answered, 500 by default.</param>
    /// <returns>The fault.</returns>
    public static EmulatorFault CommitThenFail(int statusCode = 500) =>
        new(EmulatorFaultKind.CommitThenStatus, statusCode, null, TimeSpan.Zero, false);

    /// <summary>Handles the request (the change is made), then drops the connection before answering.</summary>
    /// <returns>The fault.</returns>
    public static EmulatorFault CommitThenDropConnection() =>
        new(EmulatorFaultKind.CommitThenDrop, 0, null, TimeSpan.Zero, false);
}
