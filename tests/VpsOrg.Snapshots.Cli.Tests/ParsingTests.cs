namespace VpsOrg.Snapshots.Cli.Tests;

/// <summary>Bad arguments exit 2 with a message naming the option, and send nothing.</summary>
public sealed class ParsingTests
{
    [Theory]
    [InlineData("--server", "list", "--server", "-5")]
    [InlineData("--server", "list", "--server", "abc")]
    [InlineData("--rotate", "create", "--server", "12345", "--name", "x", "--rotate", "0")]
    [InlineData("--keep", "rotate", "--server", "12345", "--keep", "0")]
    [InlineData("--keep", "prune", "--server", "12345", "--keep", "-1")]
    [InlineData("--keep", "rotate", "--server", "12345", "--keep", "6")]
    [InlineData("--keep", "guard", "--server", "12345", "--keep", "9", "--", "true")]
    [InlineData("--rotate", "create", "--server", "12345", "--name", "x", "--rotate", "6")]
    [InlineData("--prefix", "rotate", "--server", "12345", "--keep", "2", "--prefix", "bad/prefix")]
    [InlineData("--output", "list", "-o", "yaml")]
    [InlineData("--timeout", "wait", "802", "--timeout", "7x")]
    [InlineData("--older-than", "prune", "--server", "12345", "--older-than", "soon")]
    [InlineData("--name", "create", "--server", "12345", "--name", "bad name!")]
    [InlineData("ID", "delete", "801", "0")]
    [InlineData("-3", "restore", "-3")]
    [InlineData("--server", "create", "--name", "x")]
    [InlineData("command", "guard", "--server", "12345")]
    [InlineData("frobnicate", "frobnicate")]
    public async Task BadArguments_Exit2NamingTheOption(string named, params string[] args)
    {
        var cli = new CliHarness();

        var result = await cli.RunAsync(args);

        Assert.True(result.Exit == 2, result.ToString());
        Assert.Contains(named, result.Error);
        Assert.StartsWith("error: ", result.Error);
        Assert.Empty(result.Out);
        Assert.Empty(cli.Emulator.Requests);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("2h", 7200)]
    [InlineData("7d", 604800)]
    [InlineData("00:01:30", 90)]
    public void Durations_ReadTheDocumentedForms(string text, double seconds)
    {
        Assert.True(Parsing.Durations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Fact]
    public async Task NoToken_Exit2SayingHowToGiveOne()
    {
        var cli = new CliHarness();
        cli.Variables.Remove("VPS_API_TOKEN");

        var result = await cli.RunAsync("list");

        Assert.Equal(2, result.Exit);
        Assert.Contains("VPS_API_TOKEN", result.Error);
        Assert.Contains("--token-file", result.Error);
        Assert.Empty(cli.Emulator.Requests);
    }

    [Fact]
    public async Task TokenFile_IsReadAndTrimmed()
    {
        var cli = new CliHarness();
        cli.Variables.Remove("VPS_API_TOKEN");
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, CliHarness.Token + "\n");
        try
        {
            var result = await cli.RunAsync("list", "--token-file", file);

            Assert.Equal(0, result.Exit);
            Assert.Equal("Bearer " + CliHarness.Token, Assert.Single(cli.Emulator.Requests).Authorization);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task PruneWithoutARule_Exit2()
    {
        var cli = new CliHarness();

        var result = await cli.RunAsync("prune", "--server", "12345", "--yes");

        Assert.Equal(2, result.Exit);
        Assert.Contains("--keep", result.Error);
        Assert.Empty(cli.Emulator.Requests);
    }
}
