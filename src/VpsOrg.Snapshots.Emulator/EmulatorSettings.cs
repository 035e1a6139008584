using System;
using System.Globalization;
using System.IO;
using Microsoft.Extensions.Time.Testing;
using VpsOrg.Snapshots.Testing;

namespace VpsOrg.Snapshots.Emulator;

/// <summary>The emulator tool's command line: where it listens, how the emulator behaves, its world and its clock.</summary>
internal sealed class EmulatorSettings
{
    public const string Usage =
        "vps-snapshots-emulator: the VPS.org Snapshots API on a loopback port.\n" +
        "  --urls URL              where to listen (loopback only; default http://127.0.0.1:5080, port 0 picks one)\n" +
        "  --token T               the API token it accepts (default: $VPS_EMULATOR_TOKEN, else emulator-token)\n" +
        "  --completion-delay S    seconds a new snapshot stays in_progress (default 3)\n" +
        "  --restore-delay S       seconds a restore holds its server (default 5)\n" +
        "  --page-size N           snapshots per list page (default 100)\n" +
        "  --world FILE            start with this world (JSON: {\"servers\": [...], \"snapshots\": [...]}) instead of the seed's\n" +
        "  --manual-clock          time moves only through POST /_emulator/clock/advance\n" +
        "  --admin-token T         require 'Authorization: Bearer T' on /_emulator/ routes (default: $VPS_EMULATOR_ADMIN_TOKEN);\n" +
        "                          /_emulator/health never needs it\n" +
        "  --request-log-limit N   keep the latest N requests in the log (default 10000; 0 keeps none)\n" +
        "  --rate-limit RATE       throttle as Django REST Framework does, RATE as num/period (10/s, 600/m); 429 with Retry-After\n" +
        "  --rate-limit-burst N    the most requests let through at once (default: the rate's num)";

    public string Url { get; private set; } = "http://127.0.0.1:5080";

    /// <summary>How many requests the tool's log keeps by default: enough for a test suite, bounded for a run of days.</summary>
    public const int DefaultRequestLogLimit = 10_000;

    public SnapshotsEmulatorOptions Options { get; } = new() { RequestLogLimit = DefaultRequestLogLimit };

    public string? WorldFile { get; private set; }

    public string? AdminToken { get; private set; }

    /// <summary>The manual clock when <c>--manual-clock</c> was given.</summary>
    public FakeTimeProvider? ManualClock { get; private set; }

    public bool Help { get; private set; }

    private string? _rate;

    private int? _burst;

    /// <summary>Reads the command line; throws <see cref="ArgumentException"/> naming the option at fault.</summary>
    public static EmulatorSettings Parse(string[] args, Func<string, string?>? environment = null)
    {
        // Tokens may come from the environment, so an orchestrator need not put them on a command line others can read.
        environment ??= Environment.GetEnvironmentVariable;
        var settings = new EmulatorSettings();
        if (environment("VPS_EMULATOR_TOKEN") is { Length: > 0 } token)
        {
            settings.Options.Token = token;
        }

        settings.AdminToken = environment("VPS_EMULATOR_ADMIN_TOKEN") is { Length: > 0 } adminToken ? adminToken : null;
        for (var i = 0; i < args.Length; i++)
        {
            var option = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{option} needs a value.");
            switch (option)
            {
                case "--urls":
                    settings.Url = Next().Split(';')[0];
                    break;
                case "--token":
                    settings.Options.Token = Next();
                    break;
                case "--completion-delay":
                    settings.Options.CompletionDelay = Seconds(option, Next());
                    break;
                case "--restore-delay":
                    settings.Options.RestoreDelay = Seconds(option, Next());
                    break;
                case "--page-size":
                    settings.Options.PageSize = int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0
                        ? size
                        : throw new ArgumentException("--page-size needs a whole number of at least 1.");
                    break;
                case "--world":
                    settings.WorldFile = Next();
                    if (!File.Exists(settings.WorldFile))
                    {
                        throw new ArgumentException($"--world: no file '{settings.WorldFile}'.");
                    }

                    break;
                case "--manual-clock":
                    settings.ManualClock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
                    settings.Options.TimeProvider = settings.ManualClock;
                    break;
                case "--admin-token":
                    settings.AdminToken = Next();
                    break;
                case "--rate-limit":
                    settings._rate = Next();
                    break;
                case "--request-log-limit":
                    settings.Options.RequestLogLimit = int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var limit)
                        ? limit
                        : throw new ArgumentException("--request-log-limit needs a whole number (0 keeps none).");
                    break;
                case "--rate-limit-burst":
                    settings._burst = int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var burst) && burst > 0
                        ? burst
                        : throw new ArgumentException("--rate-limit-burst needs a whole number of at least 1.");
                    break;
                case "--help" or "-h":
                    settings.Help = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{option}'.");
            }
        }

        if (settings._burst is not null && settings._rate is null)
        {
            throw new ArgumentException("--rate-limit-burst needs --rate-limit.");
        }

        if (settings._rate is { } rate)
        {
            try
            {
                settings.Options.RateLimit = EmulatorRateLimit.Parse(rate, settings._burst);
            }
            catch (FormatException ex)
            {
                throw new ArgumentException("--rate-limit: " + ex.Message, ex);
            }
        }

        return settings;
    }

    private static TimeSpan Seconds(string option, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"{option} needs a number of seconds, not '{value}'.");
}
