using System.Text.RegularExpressions;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.Docs.Tests;

/// <summary>
/// The README's C# is the compiled, tested snippets' text (it cannot include files as the site does), and the site's
/// articles take their C# from the snippets, not from blocks of their own.
/// </summary>
public sealed partial class ReadmeTests
{
    private static readonly string Root = Repository.Root;

    [Fact]
    public void ReadmeExample_IsTheGettingStartedSnippet()
    {
        var blocks = CSharpBlocks(File.ReadAllText(Path.Combine(Root, "README.md")));
        var snippet = Path.Combine(Root, "tests/VpsOrg.Snapshots.Docs.Tests/Snippets/GettingStarted.cs");

        var expected = "using VpsOrg.Snapshots;\n\n" + Region(snippet, "client") + "\n\n" + Region(snippet, "example");

        Assert.Equal(expected, Assert.Single(blocks));
    }

    [Fact]
    public void Articles_HaveNoCSharpBlockOfTheirOwn_AndEveryIncludedRegionExists()
    {
        foreach (var article in Directory.GetFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(article);
            Assert.True(CSharpBlocks(text).Count == 0, $"{article} has a C# block of its own: include it from a snippet");
            foreach (Match include in CodeInclude().Matches(text))
            {
                var file = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(article)!, include.Groups["path"].Value));
                Assert.True(File.Exists(file), $"{article} includes {file}, which does not exist");
                if (include.Groups["region"].Success)
                {
                    Assert.NotEmpty(Region(file, include.Groups["region"].Value));
                }
            }
        }
    }

    /// <summary>The text of a #region, dedented as docfx shows it.</summary>
    internal static string Region(string file, string name)
    {
        var lines = File.ReadAllLines(file);
        var start = Array.FindIndex(lines, l => l.Trim() == "#region " + name);
        Assert.True(start >= 0, $"no #region {name} in {file}");
        var end = Array.FindIndex(lines, start, l => l.Trim() == "#endregion");
        var body = lines[(start + 1)..end];
        var indent = body.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join("\n", body.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    private static List<string> CSharpBlocks(string markdown) =>
        CSharpBlock().Matches(markdown.Replace("\r\n", "\n", StringComparison.Ordinal)).Select(m => m.Groups["code"].Value).ToList();

    [GeneratedRegex(@"^```csharp\n(?<code>.*?)\n```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"\[!code-\w+\[[^\]]*\]\((?<path>[^)#]+)(#(?<region>[^)]+))?\)\]")]
    private static partial Regex CodeInclude();
}
