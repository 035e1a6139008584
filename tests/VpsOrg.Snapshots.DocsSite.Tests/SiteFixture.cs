using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using VpsOrg.Snapshots.Tests.TestSupport;

namespace VpsOrg.Snapshots.DocsSite.Tests;

/// <summary>
/// The built site (docs/_site) served on loopback by Kestrel, and one headless Chromium (Debian's chromium and
/// chromedriver) shared by the tests. The site comes from <c>dotnet docfx docs/docfx.json</c>; .ci/run builds it first.
/// </summary>
public sealed class SiteFixture : IAsyncLifetime
{
    private WebApplication? server;

    /// <summary>The repository's docs folder.</summary>
    public string DocsDirectory { get; } = Path.Combine(Repository.Root, "docs");

    /// <summary>The site's address on loopback, ending in a slash.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The browser.</summary>
    public ChromeDriver Driver { get; private set; } = null!;

    /// <summary>Where screenshots go: DOCS_SCREENSHOTS_DIR (.ci/run puts it under the test results), else beside the tests.</summary>
    public string ScreenshotDirectory { get; } =
        Environment.GetEnvironmentVariable("DOCS_SCREENSHOTS_DIR") is { Length: > 0 } dir ? dir : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        var site = Path.Combine(DocsDirectory, "_site");
        if (!File.Exists(Path.Combine(site, "index.html")))
        {
            throw new InvalidOperationException($"No built site in {site}: run 'dotnet tool restore && dotnet docfx docs/docfx.json' first.");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        server = builder.Build();
        var files = new PhysicalFileProvider(site);
        server.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        server.UseStaticFiles(new StaticFileOptions { FileProvider = files, ServeUnknownFileTypes = true });
        await server.StartAsync();
        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");

        var options = new ChromeOptions { BinaryLocation = Environment.GetEnvironmentVariable("CHROMIUM") ?? "/usr/bin/chromium" };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000");
        options.SetLoggingPreference(LogType.Browser, OpenQA.Selenium.LogLevel.All);
        var driverPath = Environment.GetEnvironmentVariable("CHROMEDRIVER") ?? "/usr/bin/chromedriver";
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driverPath)!, Path.GetFileName(driverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task DisposeAsync()
    {
        Driver?.Quit();
        Driver?.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>Opens a page of the site and waits until the document and the template's scripts are done.</summary>
    public void Open(string path)
    {
        Driver.Manage().Logs.GetLog(LogType.Browser); // drop what earlier pages logged
        Driver.Navigate().GoToUrl(new Uri(BaseAddress, path));
        WaitUntil(() => Driver.ExecuteScript("return document.readyState") as string == "complete", $"{path} to load");
    }

    /// <summary>The console errors (SEVERE) the page logged since it was opened.</summary>
    public IReadOnlyList<string> ConsoleErrors() =>
        Driver.Manage().Logs.GetLog(LogType.Browser).Where(e => e.Level == OpenQA.Selenium.LogLevel.Severe).Select(e => e.Message).ToList();

    /// <summary>Writes a screenshot of the page as NAME.png.</summary>
    public void Screenshot(string name) =>
        Driver.GetScreenshot().SaveAsFile(Path.Combine(ScreenshotDirectory, name + ".png"));

    /// <summary>Waits (Selenium's <see cref="WebDriverWait"/>, real time: this is a browser) until the condition holds, at most 30 s.</summary>
    public void WaitUntil(Func<bool> condition, string what) =>
        new WebDriverWait(Driver, TimeSpan.FromSeconds(30)) { Message = "waiting for " + what }.Until(_ => condition());
}

[CollectionDefinition(nameof(BuiltSite))]
public sealed class BuiltSite : ICollectionFixture<SiteFixture>;
