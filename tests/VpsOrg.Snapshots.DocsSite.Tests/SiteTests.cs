using System.Text.Json;
using OpenQA.Selenium;
using Xunit.Abstractions;

namespace VpsOrg.Snapshots.DocsSite.Tests;

/// <summary>
/// The built docs site in headless Chromium, served on loopback: pages load with no console error, the diagrams render
/// (an svg where each mermaid block was), API pages exist, the search finds SnapshotsClient, every article is in the
/// table of contents. A screenshot of each page checked is written (DOCS_SCREENSHOTS_DIR).
/// </summary>
[Collection(nameof(BuiltSite))]
public sealed class SiteTests(SiteFixture site, ITestOutputHelper output)
{
    [Fact]
    public void LandingPage_Loads_WithNoConsoleError_AndLinksIntoTheGuideAndTheApi()
    {
        site.Open("index.html");

        Assert.Contains("VpsOrg.Snapshots", site.Driver.Title);
        var links = site.Driver.FindElements(By.CssSelector("article a")).Select(a => a.GetAttribute("href") ?? "").ToList();
        Assert.Contains(links, l => l.EndsWith("articles/getting-started.html", StringComparison.Ordinal));
        Assert.Contains(links, l => l.EndsWith("api/VpsOrg.Snapshots.ISnapshotsClient.html", StringComparison.Ordinal));
        site.Screenshot("index");
        Assert.Empty(site.ConsoleErrors());
    }

    [Theory]
    [InlineData("articles/anatomy.html", 1)]
    [InlineData("articles/cli.html", 1)]
    [InlineData("articles/lifecycle.html", 1)]
    [InlineData("articles/performance.html", 1)]
    public void DiagramPages_RenderEachMermaidBlockAsAnSvg_WithNoConsoleError(string page, int diagrams)
    {
        site.Open(page);

        // Mermaid renders after the page loads, through a temporary svg of no kind: read the svgs in one script, as
        // their kind and height, until every block has a finished one.
        const string Read = "return Array.from(document.querySelectorAll('.mermaid svg'))" +
            ".map(s => (s.getAttribute('aria-roledescription') || '') + ':' + Math.round(s.getBoundingClientRect().height));";
        IReadOnlyList<string> rendered = [];
        site.WaitUntil(() => (rendered = ((IReadOnlyCollection<object>)site.Driver.ExecuteScript(Read)!).Select(o => (string)o).ToList()).Count >= diagrams
            && rendered.All(svg => svg[0] != ':'), $"{diagrams} diagram(s) on {page}");
        output.WriteLine($"{page}: {string.Join(", ", rendered)}");

        Assert.Equal(diagrams, rendered.Count);
        Assert.All(rendered, svg => Assert.DoesNotMatch("^error:", svg)); // mermaid draws a syntax error as a diagram of kind "error"
        Assert.All(rendered, svg => Assert.True(int.Parse(svg.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture) > 50, svg));
        Assert.Empty(site.Driver.FindElements(By.CssSelector("code.lang-mermaid"))); // no block left as text
        site.Driver.ExecuteScript("document.querySelector('.mermaid').scrollIntoView({ behavior: 'instant', block: 'center' })");
        site.Screenshot(Path.GetFileNameWithoutExtension(page));
        Assert.Empty(site.ConsoleErrors());
    }

    [Fact]
    public void ApiPage_OfTheClientInterface_ListsItsOperations()
    {
        site.Open("api/VpsOrg.Snapshots.ISnapshotsClient.html");

        Assert.Contains("ISnapshotsClient", site.Driver.FindElement(By.CssSelector("article h1")).Text);
        var text = site.Driver.FindElement(By.CssSelector("article")).Text;
        foreach (var member in new[] { "ListAsync", "CreateAsync", "RestoreAsync", "DeleteAsync" })
        {
            Assert.Contains(member, text);
        }

        site.Screenshot("api-ISnapshotsClient");
        Assert.Empty(site.ConsoleErrors());
    }

    [Fact]
    public void Search_FindsSnapshotsClient()
    {
        site.Open("index.html");
        var box = site.Driver.FindElement(By.Id("search-query"));
        site.WaitUntil(() => box.Enabled, "the search index to load");

        box.SendKeys("SnapshotsClient");

        site.WaitUntil(() => site.Driver.FindElements(By.CssSelector("#search-results a")).Count > 0, "search results");
        var hits = site.Driver.FindElements(By.CssSelector("#search-results a")).Select(a => a.GetAttribute("href") ?? "").ToList();
        Assert.Contains(hits, h => h.Contains("api/VpsOrg.Snapshots.SnapshotsClient.html", StringComparison.Ordinal));
        site.Screenshot("search-SnapshotsClient");
        Assert.Empty(site.ConsoleErrors());
    }

    [Fact]
    public async Task EveryArticle_IsInTheTableOfContents_AndServed()
    {
        using var http = new HttpClient { BaseAddress = site.BaseAddress };
        using var toc = JsonDocument.Parse(await http.GetStringAsync("articles/toc.json"));
        var listed = toc.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("href").GetString()!).ToHashSet();
        var written = Directory.GetFiles(Path.Combine(site.DocsDirectory, "articles"), "*.md").Select(f => Path.GetFileNameWithoutExtension(f) + ".html");

        Assert.Empty(written.Except(listed));
        foreach (var page in listed)
        {
            using var response = await http.GetAsync("articles/" + page);
            Assert.True(response.IsSuccessStatusCode, $"articles/{page}: {(int)response.StatusCode}");
        }
    }
}
