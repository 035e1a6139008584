using System;
using VpsOrg.Snapshots;
using VpsOrg.Snapshots.Testing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Points a client registered with <c>AddVpsSnapshots</c> at an in-memory <see cref="SnapshotsEmulator"/>.</summary>
public static class SnapshotsEmulatorHttpClientBuilderExtensions
{
    /// <summary>
    /// Sends this client's requests to <paramref name="emulator"/> in memory (keeping the SDK's handlers), with the
    /// emulator's address and, unless one is set, its token.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddVpsSnapshots</c>.</param>
    /// <param name="emulator">The emulator.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IHttpClientBuilder UseSnapshotsEmulator(this IHttpClientBuilder builder, SnapshotsEmulator emulator)
    {
        ArgumentNullException.ThrowIfNull(builder);

        ArgumentNullException.ThrowIfNull(emulator);

        builder.ConfigurePrimaryHttpMessageHandler(emulator.CreateHandler);
        builder.Services.AddSingleton(emulator.TimeProvider);
        builder.Services.PostConfigureAll<VpsSnapshotsOptions>(options =>
        {
            options.BaseAddress = SnapshotsEmulator.InMemoryBaseAddress;
            if (string.IsNullOrEmpty(options.ApiToken) && options.TokenProvider is null)
            {
                options.ApiToken = emulator.Token;
            }
        });
        return builder;
    }
}
