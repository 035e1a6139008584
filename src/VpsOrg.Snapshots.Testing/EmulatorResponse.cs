using System;
using System.Collections.Generic;

namespace VpsOrg.Snapshots.Testing;

/// <summary>What the emulator answers; a transport turns it into an HTTP response (or a dropped connection).</summary>
/// <param name="StatusCode">The status code.</param>
/// <param name="ContentType">The body's media type, or <see langword="null"/> when there is no body.</param>
/// <param name="Body">The body bytes (empty for none).</param>
/// <param name="Headers">Extra response headers (<c>Date</c>, <c>X-Request-Id</c>, <c>Retry-After</c>, ...).</param>
/// <param name="Drop">Whether the transport must drop the connection instead of answering.</param>
/// <param name="Refuse">Whether the transport must behave as if the connection was refused.</param>
internal sealed record EmulatorResponse(
    int StatusCode,
    string? ContentType,
    ReadOnlyMemory<byte> Body,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    bool Drop = false,
    bool Refuse = false);
