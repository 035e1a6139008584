using Microsoft.Extensions.Logging.Abstractions;
using Aspire.Hosting.Testing;

namespace VpsOrg.Snapshots.Aspire.Hosting.Tests;

/// <summary>
/// The app model <c>AddVpsSnapshots</c> and <c>RunAsEmulator</c> build, read without running it: which resources exist,
/// the emulator's endpoint, arguments, environment and health check, the connection string's expression; and that a
/// publish leaves the real API and its secret token parameter.
/// </summary>
public sealed class AppModelTests
{
    [Fact]
    public void AddVpsSnapshots_IsTheRealApi_WithASecretTokenParameter()
    {
        using var builder = DistributedApplicationTestingBuilder.Create();

        var vps = builder.AddVpsSnapshots("vps");

        var token = Assert.Single(builder.Resources.OfType<ParameterResource>());
        Assert.Equal("vps-token", token.Name);
        Assert.True(token.Secret);
        Assert.Same(token, vps.Resource.Token);
        Assert.Equal("Endpoint=https://admin.vps.org/;Token={vps-token.value}", vps.Resource.ConnectionStringExpression.ValueExpression);
        Assert.Null(vps.Resource.Emulator);
    }

    [Fact]
    public void AddVpsSnapshots_TakesTheCallersTokenAndEndpoint()
    {
        using var builder = DistributedApplicationTestingBuilder.Create();
        var token = builder.AddParameter("my-token", secret: true);

        var vps = builder.AddVpsSnapshots("vps", token, endpoint: "https://vps.example.test/");

        Assert.Equal("Endpoint=https://vps.example.test/;Token={my-token.value}", vps.Resource.ConnectionStringExpression.ValueExpression);
        Assert.DoesNotContain(builder.Resources, r => r.Name == "vps-token");
    }

    [Fact]
    public void RunAsEmulator_InRunMode_ReplacesTheApi_WithTheEmulatorOnItsOwnEndpoint_AndAGeneratedToken()
    {
        using var builder = DistributedApplicationTestingBuilder.Create();

        var vps = builder.AddVpsSnapshots("vps").RunAsEmulator();

        var emulator = Assert.Single(builder.Resources.OfType<VpsSnapshotsEmulatorResource>());
        Assert.Equal("vps-emulator", emulator.Name);
        Assert.Same(emulator, vps.Resource.Emulator);
        Assert.Equal("dotnet", emulator.Command);
        Assert.Equal("Endpoint={vps-emulator.bindings.http.url};Token={vps-emulator-token.value}", vps.Resource.ConnectionStringExpression.ValueExpression);

        // The API's own token parameter is not asked for; the emulator's is generated, secret, asked of nobody.
        Assert.Empty(builder.Resources.OfType<ParameterResource>());
        Assert.Equal("vps-emulator-token", vps.Resource.Token.Name);
        Assert.True(vps.Resource.Token.Secret);

        var endpoint = Assert.Single(emulator.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal("http", endpoint.Name);
        Assert.Equal("http", endpoint.UriScheme);
        var health = Assert.Single(emulator.Annotations.OfType<HealthCheckAnnotation>());
        Assert.Contains("vps-emulator", health.Key, StringComparison.Ordinal);
        Assert.True(emulator.TryGetAnnotationsOfType<ResourceRelationshipAnnotation>(out var relationships));
        Assert.Contains(relationships, r => r.Resource == vps.Resource && r.Type == "Parent");
    }

    [Fact]
    public async Task RunAsEmulator_PassesItsOptionsAsArguments_AndItsTokenByEnvironmentOnly()
    {
        using var builder = DistributedApplicationTestingBuilder.Create();
        var admin = builder.AddParameter("admin", "admin-secret", secret: true);

        builder.AddVpsSnapshots("vps").RunAsEmulator(emulator => emulator
            .WithRateLimit("10/s", burst: 5)
            .WithCompletionDelay(TimeSpan.FromSeconds(1.5))
            .WithRestoreDelay(TimeSpan.FromSeconds(2))
            .WithPageSize(20)
            .WithWorld("world.json")
            .WithManualClock()
            .WithRequestLogLimit(500)
            .WithAdminToken(admin));
        var emulator = builder.Resources.OfType<VpsSnapshotsEmulatorResource>().Single();
        var endpoint = emulator.Annotations.OfType<EndpointAnnotation>().Single();
        endpoint.TargetPort = 43210;
        endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", 43210);

        var resolved = await ExecutionConfigurationBuilder.Create(emulator)
            .WithArgumentsConfig()
            .WithEnvironmentVariablesConfig()
            .BuildAsync(builder.ExecutionContext, NullLogger.Instance, CancellationToken.None);
        var arguments = resolved.Arguments.Select(a => a.Value).ToList();
        var environment = resolved.EnvironmentVariables.ToDictionary();

        Assert.EndsWith(Path.Combine("vps-snapshots-emulator", "VpsOrg.Snapshots.Emulator.dll"), arguments[0], StringComparison.Ordinal);
        Assert.True(File.Exists(arguments[0]), "the emulator ships beside the app host");
        Assert.Equal(
            ["--urls", "http://localhost:43210", "--rate-limit", "10/s", "--rate-limit-burst", "5", "--completion-delay", "1.5", "--restore-delay", "2",
             "--page-size", "20", "--world", Path.Combine(builder.AppHostDirectory, "world.json"), "--manual-clock", "--request-log-limit", "500"],
            arguments.Skip(1));
        Assert.Equal("admin-secret", environment["VPS_EMULATOR_ADMIN_TOKEN"]);
        Assert.False(string.IsNullOrEmpty(environment["VPS_EMULATOR_TOKEN"]));
        Assert.DoesNotContain(arguments, a => a.Contains(environment["VPS_EMULATOR_TOKEN"], StringComparison.Ordinal));
    }

    [Fact]
    public void RunAsEmulator_RefusesBadOptions_BeforeAnythingRuns()
    {
        using var builder = DistributedApplicationTestingBuilder.Create();
        var vps = builder.AddVpsSnapshots("vps");

        Assert.Throws<ArgumentOutOfRangeException>(() => vps.RunAsEmulator(e => e.WithPageSize(0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddVpsSnapshots("vps2").RunAsEmulator(e => e.WithCompletionDelay(TimeSpan.FromSeconds(-1))));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddVpsSnapshots("vps3").RunAsEmulator(e => e.WithRequestLogLimit(-1)));
    }

    [Fact]
    public void RunAsEmulator_WhenPublishing_LeavesTheRealApi()
    {
        using var builder = DistributedApplicationTestingBuilder.Create("--operation", "publish", "--publisher", "manifest", "--output-path", Path.GetTempPath());
        Assert.True(builder.ExecutionContext.IsPublishMode);

        var vps = builder.AddVpsSnapshots("vps").RunAsEmulator(e => e.WithRateLimit("10/s"));

        Assert.Empty(builder.Resources.OfType<VpsSnapshotsEmulatorResource>());
        Assert.Null(vps.Resource.Emulator);
        Assert.Equal("Endpoint=https://admin.vps.org/;Token={vps-token.value}", vps.Resource.ConnectionStringExpression.ValueExpression);
        Assert.Contains(builder.Resources, r => r is ParameterResource { Name: "vps-token", Secret: true });
    }
}
