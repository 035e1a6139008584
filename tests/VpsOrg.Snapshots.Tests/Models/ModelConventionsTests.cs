using System.Reflection;

namespace VpsOrg.Snapshots.Tests.Models;

/// <summary>Conventions every public model and client follows (as Octokit's ModelTests).</summary>
public class ModelConventionsTests
{
    /// <summary>
    /// Every public data class of the package, found by scanning it (as Octokit's ModelTests), so no new model escapes:
    /// all concrete classes except exceptions, the client, static helpers, options (mutable by design, as
    /// Microsoft.Extensions.Options wants them) and the prune plan (an object with behaviour).
    /// </summary>
    private static readonly Type[] Models = typeof(ISnapshotsClient).Assembly.GetExportedTypes()
        .Where(t => t.IsClass && !t.IsAbstract && !typeof(Exception).IsAssignableFrom(t))
        .Where(t => t != typeof(SnapshotsClient) && t != typeof(PrunePlan) && !t.Name.EndsWith("Options", StringComparison.Ordinal))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToArray();

    public static TheoryData<Type> ModelTypes()
    {
        var data = new TheoryData<Type>();
        foreach (var model in Models)
        {
            data.Add(model);
        }

        return data;
    }

    [Fact]
    public void Scan_FindsEveryWireModel()
    {
        Type[] wire =
        [
            typeof(Snapshot), typeof(ServerReference), typeof(SnapshotList), typeof(CreateSnapshotRequest),
            typeof(RestoreResult), typeof(RestoredSnapshot), typeof(RestoredServer),
            typeof(RotationResult), typeof(RotationProgress), typeof(PruneResult), typeof(SafeRestoreResult),
        ];

        Assert.All(wire, t => Assert.Contains(t, Models));
    }

    [Theory]
    [MemberData(nameof(ModelTypes))]
    public void Model_IsSealedRecordWithInitOnlyProperties(Type type)
    {
        Assert.True(type.IsSealed, $"{type.Name} must be sealed");
        Assert.True(type.GetMethod("<Clone>$") is not null, $"{type.Name} must be a record (value equality, with-expressions)");
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var setter = property.SetMethod;
            if (setter is null)
            {
                continue;
            }

            var isInit = setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit");
            Assert.True(isInit, $"{type.Name}.{property.Name} must be init-only");
        }
    }

    [Fact]
    public void EveryPublicAsyncMethod_TakesCancellationToken()
    {
        var assembly = typeof(ISnapshotsClient).Assembly;
        var asyncMethods = assembly.GetExportedTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => typeof(Task).IsAssignableFrom(m.ReturnType) || m.ReturnType.Name.StartsWith("IAsyncEnumerable", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(asyncMethods);
        Assert.All(asyncMethods, m => Assert.Contains(m.GetParameters(), p => p.ParameterType == typeof(CancellationToken)));
    }

    [Fact]
    public void SnapshotStatus_IsReadOnlyStruct()
    {
        Assert.True(typeof(SnapshotStatus).IsValueType);
        Assert.NotNull(typeof(SnapshotStatus).GetCustomAttributes().FirstOrDefault(a => a.GetType().Name == "IsReadOnlyAttribute"));
    }
}
