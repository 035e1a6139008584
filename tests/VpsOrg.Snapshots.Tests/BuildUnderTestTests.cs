using System.Runtime.Versioning;

namespace VpsOrg.Snapshots.Tests;

/// <summary>Proves which build of the library a test run exercises (the suite runs against both).</summary>
public class BuildUnderTestTests
{
    [Fact]
    public void LibraryBuild_IsTheOneThisProjectTargets()
    {
        var framework = typeof(ISnapshotsClient).Assembly.GetCustomAttributes(typeof(TargetFrameworkAttribute), false)
            .Cast<TargetFrameworkAttribute>().Single().FrameworkName;
#if NETSTANDARD_BUILD_UNDER_TEST
        Assert.Equal(".NETStandard,Version=v2.0", framework);
#else
        Assert.Equal(".NETCoreApp,Version=v10.0", framework);
#endif
    }
}
