using System;
using System.Diagnostics.Metrics;
using System.Net.Http;
using System.Threading;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using VpsOrg.Snapshots;
using VpsOrg.Snapshots.DependencyInjection.Internal;
using VpsOrg.Snapshots.Diagnostics;
using VpsOrg.Snapshots.Http.Internal;
using VpsOrg.Snapshots.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="ISnapshotsClient"/> with <c>IHttpClientFactory</c>, its options, validation and handlers.</summary>
public static class VpsSnapshotsServiceCollectionExtensions
{
    /// <summary>The name of the <c>HttpClient</c> behind the default (unnamed) <see cref="ISnapshotsClient"/>.</summary>
    public const string HttpClientName = "VpsOrg.Snapshots";

    /// <summary>
    /// Registers <see cref="ISnapshotsClient"/> as a typed client of <c>IHttpClientFactory</c>, with the SDK's
    /// authentication and retry handlers, configured in code. Options are validated at start-up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; <see cref="VpsSnapshotsOptions.ApiToken"/> (or a token provider) is required.</param>
    /// <returns>The <see cref="IHttpClientBuilder"/>, to add handlers or configure the primary handler.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IHttpClientBuilder AddVpsSnapshots(this IServiceCollection services, Action<VpsSnapshotsOptions> configure) =>
        AddVpsSnapshots(services, Options.Options.DefaultName, configure);

    /// <summary>
    /// Registers <see cref="ISnapshotsClient"/> bound to a configuration section (for example
    /// <c>configuration.GetSection("VpsSnapshots")</c>), with the SDK's handlers. Options are validated at start-up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding <c>ApiToken</c>, <c>BaseAddress</c>, <c>Timeout</c> and <c>Retry</c>.</param>
    /// <returns>The <see cref="IHttpClientBuilder"/>, to add handlers or configure the primary handler.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IHttpClientBuilder AddVpsSnapshots(this IServiceCollection services, IConfiguration configuration) =>
        AddVpsSnapshots(services, Options.Options.DefaultName, configuration);

    /// <summary>
    /// Registers a named client, for several VPS.org accounts in one application. It resolves as a
    /// keyed service (any target, through Microsoft.Extensions.DependencyInjection 8+): <c>[FromKeyedServices("eu")] ISnapshotsClient</c> or <c>GetRequiredKeyedService&lt;ISnapshotsClient&gt;("eu")</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name (its options name and service key).</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The <see cref="IHttpClientBuilder"/> of the named client.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IHttpClientBuilder AddVpsSnapshots(this IServiceCollection services, string name, Action<VpsSnapshotsOptions> configure)
    {
        Guard.NotNull(services);
        Guard.NotNull(name);
        Guard.NotNull(configure);
        services.AddOptions<VpsSnapshotsOptions>(name).Configure(configure).ValidateOnStart();
        return AddCore(services, name);
    }

    /// <summary>Registers a named client bound to a configuration section (see the overload taking an action).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name (its options name and service key).</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <returns>The <see cref="IHttpClientBuilder"/> of the named client.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IHttpClientBuilder AddVpsSnapshots(this IServiceCollection services, string name, IConfiguration configuration)
    {
        Guard.NotNull(services);
        Guard.NotNull(name);
        Guard.NotNull(configuration);
        services.AddOptions<VpsSnapshotsOptions>(name).Bind(configuration).ValidateOnStart();
        return AddCore(services, name);
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services, string name)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VpsSnapshotsOptions>, VpsSnapshotsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VpsSnapshotsOptions>, VpsSnapshotsOptionsCustomValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => SnapshotsMetrics.Create(sp.GetService<IMeterFactory>()));
        services.AddLogging();

        var httpClientName = string.IsNullOrEmpty(name) ? HttpClientName : HttpClientName + "." + name;
        var registration = new RegistrationCore(name);
        var builder = services.AddHttpClient(httpClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(SnapshotsPipeline.CreatePrimaryHandler)
            .ConfigureAdditionalHttpMessageHandlers((handlers, sp) =>
            {
                foreach (var handler in SnapshotsPipeline.CreateHandlers(registration.Get(sp)))
                {
                    handlers.Add(handler);
                }
            })
            // The client logs one line per call itself (method, path, status, attempts, elapsed); the factory's four
            // lines and scope per attempt would cost more than the call. AddDefaultLogger() brings them back, and
            // the Authorization header stays redacted in them.
            .RemoveAllLoggers()
            .RedactLoggedHeaders(header => string.Equals(header, "Authorization", StringComparison.OrdinalIgnoreCase));

        if (string.IsNullOrEmpty(name))
        {
            services.AddTransient<ISnapshotsClient>(sp => Create(sp, httpClientName, registration));
        }
        else
        {
            services.AddKeyedTransient<ISnapshotsClient>(name, (sp, _) => Create(sp, httpClientName, registration));
        }

        return builder;
    }

    private static FactorySnapshotsClient Create(IServiceProvider services, string httpClientName, RegistrationCore registration) =>
        new(services.GetRequiredService<IHttpClientFactory>().CreateClient(httpClientName), registration.Get(services));
}
