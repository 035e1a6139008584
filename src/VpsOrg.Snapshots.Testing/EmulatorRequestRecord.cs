using System;

namespace VpsOrg.Snapshots.Testing;

/// <summary>A request the emulator received, and what it answered, for tests to assert on.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, for example <c>/api/v1/snapshots/801/restore/</c>.</param>
/// <param name="Query">The query string including <c>?</c>, or empty.</param>
/// <param name="Authorization">The <c>Authorization</c> header as received, or <see langword="null"/>.</param>
/// <param name="Body">The request body as text, or <see langword="null"/> when there was none.</param>
/// <param name="StatusCode">The status answered; 0 when the connection was dropped without an answer.</param>
/// <param name="At">When it arrived, on the emulator's clock.</param>
/// <param name="Fault">The injected fault that shaped the answer, or <see langword="null"/>.</param>
public sealed record EmulatorRequestRecord(
    string Method,
    string Path,
    string Query,
    string? Authorization,
    string? Body,
    int StatusCode,
    DateTimeOffset At,
    EmulatorFault? Fault)
{
    /// <summary>The scheme, host and port the request was sent to (<c>https://snapshots-emulator.test/</c> in memory), so a test can tell where a client sent it.</summary>
    public Uri? BaseAddress { get; init; }
}
