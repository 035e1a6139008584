using System;
using System.IO;
using Microsoft.Extensions.Logging;
using VpsOrg.Snapshots.Cli.Output;
using VpsOrg.Snapshots.Testing;

namespace VpsOrg.Snapshots.Cli.Infrastructure;

/// <summary>One invocation: its global options, the client it talks through, its output, and consent.</summary>
internal sealed class CliContext : IDisposable
{
    private readonly CliEnvironment _env;
    private SnapshotsClient? _client;

    public CliContext(CliEnvironment env, GlobalSettings settings)
    {
        _env = env;
        Settings = settings;
        Output = new CliOutput(env, settings.Json);
    }

    public GlobalSettings Settings { get; }

    /// <summary>Where results, result lines and progress go.</summary>
    public CliOutput Output { get; }

    public TextWriter Error => _env.Error;

    public CliEnvironment Environment => _env;

    public TimeProvider Time => _env.Time;

    /// <summary>
    /// Each API call's Timeout (<see cref="VpsSnapshotsOptions.Timeout"/>) when a command needs more than the SDK's
    /// 100 s: a fleet's calls queue behind the client's pacing when the API throttles. Set before the first call.
    /// </summary>
    public TimeSpan? CallTimeout { get; set; }

    /// <summary>What may be left behind if the call in flight is interrupted (Ctrl+C), said on exit 130.</summary>
    public string? LeftBehind { get; set; }

    /// <summary>
    /// Waits are polled more often against the in-process emulator, whose snapshots complete in seconds; and a fleet's
    /// (<paramref name="shared"/>) look first after 3 s rather than 5: its polls are shared, one round for every server.
    /// </summary>
    public SnapshotWaitOptions WaitOptions(TimeSpan? timeout = null, bool shared = false) => new()
    {
        PollInterval = Settings.Emulator ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(shared ? 3 : 5),
        MaxPollInterval = Settings.Emulator ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(30),
        Timeout = timeout ?? TimeSpan.FromMinutes(20),
    };

    /// <summary>The SDK client, built on first use: the in-process emulator, the test's handler, or the API with the configured token.</summary>
    public ISnapshotsClient Client => _client ??= CreateClient();

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
            var emulated = new VpsSnapshotsOptions { BaseAddress = SnapshotsEmulator.InMemoryBaseAddress, ApiToken = emulator.Token, Timeout = CallTimeout ?? VpsSnapshotsOptions.DefaultTimeout };
            return new SnapshotsClient(emulated, emulator.CreateHandler(), logger, Time);
        }

        var options = new VpsSnapshotsOptions { ApiToken = ReadToken(), Timeout = CallTimeout ?? VpsSnapshotsOptions.DefaultTimeout };
        var address = Settings.BaseAddress ?? _env.GetVariable("VPS_API_BASE_ADDRESS");
        if (!string.IsNullOrWhiteSpace(address))
        {
            options.BaseAddress = Uri.TryCreate(address, UriKind.Absolute, out var uri)
                ? uri
                : throw new UsageException($"--base-address / VPS_API_BASE_ADDRESS '{address}' is not an absolute URL.");
        }

        // The SDK's own handler chain and primary handler (no redirects, decompression), unless a test gives a transport.
        return _env.PrimaryHandler is { } transport
            ? new SnapshotsClient(options, transport, logger, Time)
            : new SnapshotsClient(options, logger, Time);
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
