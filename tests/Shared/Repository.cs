namespace VpsOrg.Snapshots.Tests.TestSupport;

/// <summary>The repository the tests run in, for tests that read its files (the README, the docs).</summary>
public static class Repository
{
    /// <summary>The repository's root: the first folder above the test's output that holds README.md and docs/docfx.json.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "README.md")) && File.Exists(Path.Combine(dir.FullName, "docs", "docfx.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository's root (README.md and docs/docfx.json) was not found above " + AppContext.BaseDirectory);
    }
}
