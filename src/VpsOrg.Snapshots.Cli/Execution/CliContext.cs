using System;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using VpsOrg.Snapshots.Testing;

namespace VpsOrg.Snapshots.Cli.Execution;

/// <summary>One invocation: its global options, the client it talks through, where output and progress go, and consent.</summary>
internal sealed class CliContext : IDisposable
{
    private readonly CliEnvironment _env;
    private SnapshotsClient? _client;

    public CliContext(CliEnvironment env, GlobalSettings settings)
    {
        _env = env;
        Settings = settings;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(env.Out),
            Ansi = env.Colors ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = env.Colors ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!env.OutputIsTerminal)
        {
            // A file, a pipe or a journal has no width: never wrap a row.
            Console.Profile.Width = 240;
        }
    }

    public GlobalSettings Settings { get; }

    public bool Json => Settings.Json;

    /// <summary>The console tables are written to (stdout).</summary>
    public IAnsiConsole Console { get; }

    public TextWriter Error => _env.Error;

    public CliEnvironment Environment => _env;

    public TimeProvider Time => _env.Time;

    /// <summary>What may be left behind if the call in flight is interrupted (Ctrl+C), said on exit 130.</summary>
    public string? LeftBehind { get; set; }

    /// <summary>Waits are polled more often against the in-process emulator, whose snapshots complete in seconds.</summary>
    public SnapshotWaitOptions WaitOptions(TimeSpan? timeout = null) => new()
    {
        PollInterval = Settings.Emulator ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(5),
        MaxPollInterval = Settings.Emulator ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(30),
        Timeout = timeout ?? TimeSpan.FromMinutes(20),
        TimeProvider = Time,
    };

    /// <summary>The SDK client, built on first use: the in-process emulator, the test's handler, or the API with the configured token.</summary>
    public ISnapshotsClient Client => _client ??= CreateClient();

    public void WriteJson<T>(T value, JsonTypeInfo<T> typeInfo) => _env.Out.WriteLine(JsonSerializer.Serialize(value, typeInfo));

    /// <summary>A progress line on stderr (never stdout, which may be JSON).</summary>
    public void Progress(string line) => _env.Error.WriteLine(line);

    /// <summary>
    /// Asks before changing or destroying data: <c>--yes</c> consents; on a terminal the question names what will
    /// happen; without one (a script, cron) and without <c>--yes</c> nothing is sent.
    /// </summary>
    /// <exception cref="UsageException">Consent was not given.</exception>
    public void Confirm(bool yes, string whatWillHappen)
    {
        if (yes)
        {
            return;
        }

        if (!_env.InputIsTerminal)
        {
            throw new UsageException($"{whatWillHappen} needs confirmation: run it on a terminal, or pass --yes. Nothing was changed.");
        }

        _env.Error.Write($"{whatWillHappen}. Continue? [y/N] ");
        var answer = _env.In.ReadLine()?.Trim();
        if (!string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) && !string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException("Not confirmed. Nothing was changed.");
        }
    }

    public void Dispose() => _client?.Dispose();

    private SnapshotsClient CreateClient()
    {
        var logger = Settings.Verbose ? new StderrLogger(_env.Error) : null;
        if (Settings.Emulator)
        {
            var emulator = _env.Emulator ?? new SnapshotsEmulator(new SnapshotsEmulatorOptions { TimeProvider = Time });
            var emulated = new VpsSnapshotsOptions { BaseAddress = SnapshotsEmulator.InMemoryBaseAddress, ApiToken = emulator.Token };
            return new SnapshotsClient(emulated, emulator.CreateHandler(), logger, Time);
        }

        var options = new VpsSnapshotsOptions { ApiToken = ReadToken() };
        var address = Settings.BaseAddress ?? _env.GetVariable("VPS_API_BASE_ADDRESS");
        if (!string.IsNullOrWhiteSpace(address))
        {
            options.BaseAddress = Uri.TryCreate(address, UriKind.Absolute, out var uri)
                ? uri
                : throw new UsageException($"--base-address / VPS_API_BASE_ADDRESS '{address}' is not an absolute URL.");
        }

        // The handler the SDK itself would build: no redirects, so nothing is ever sent to another host.
        var primary = _env.PrimaryHandler ?? new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        return new SnapshotsClient(options, primary, logger, Time);
    }

    private string ReadToken()
    {
        string? token;
        if (Settings.TokenFile is { } file)
        {
            try
            {
                token = File.ReadAllText(file).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--token-file {file}: {ex.Message}");
            }
        }
        else
        {
            token = _env.GetVariable("VPS_API_TOKEN")?.Trim();
        }

        return string.IsNullOrEmpty(token)
            ? throw new UsageException("No API token: set VPS_API_TOKEN or pass --token-file PATH (or try --emulator).")
            : token;
    }

    /// <summary>The SDK's log lines on stderr, for <c>--verbose</c> (the SDK never gives its logger the token).</summary>
    private sealed class StderrLogger(TextWriter error) : ILogger<SnapshotsClient>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            error.WriteLine($"{logLevel.ToString().ToLowerInvariant()}: {formatter(state, exception)}");
    }
}

/// <summary>The global options of one invocation.</summary>
internal sealed record GlobalSettings(bool Json, bool Verbose, string? BaseAddress, string? TokenFile, bool Emulator);
