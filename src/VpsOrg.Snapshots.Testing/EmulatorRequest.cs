using System;

namespace VpsOrg.Snapshots.Testing;

/// <summary>A request handed to <see cref="SnapshotsEmulator.HandleAsync"/> by a transport (in-memory handler or HTTP host).</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="BaseAddress">The scheme, host and port the request was sent to (for absolute <c>next</c> links).</param>
/// <param name="Path">The path.</param>
/// <param name="Query">The query string including <c>?</c>, or empty.</param>
/// <param name="Authorization">The <c>Authorization</c> header, or <see langword="null"/>.</param>
/// <param name="Body">The body bytes, or <see langword="null"/>.</param>
internal sealed record EmulatorRequest(string Method, Uri BaseAddress, string Path, string Query, string? Authorization, byte[]? Body);
