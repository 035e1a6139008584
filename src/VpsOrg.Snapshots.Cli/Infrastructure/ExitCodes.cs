using System;

namespace VpsOrg.Snapshots.Cli.Infrastructure;

/// <summary>The tool's exit codes (SPEC section 6) and which failure maps to which.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int NotFound = 3;
    public const int Authentication = 4;
    public const int Limit = 5;
    public const int Timeout = 6;
    public const int Interrupted = 130;

    public static int For(Exception exception) => exception switch
    {
        UsageException or ArgumentException => Usage,
        VpsNotFoundException => NotFound,
        VpsAuthenticationException => Authentication,
        SnapshotLimitExceededException => Limit,
        TimeoutException => Timeout,
        OperationCanceledException => Interrupted,
        _ => Failure, // any other API error, a failed snapshot, a transport failure
    };

    /// <summary>128+N, as a shell reports a command ended by signal N.</summary>
    public static int BySignal(int signal) => 128 + signal;

    /// <summary>A signal's name for messages: SIGINT, SIGTERM, SIGHUP, SIGQUIT, or its number.</summary>
    public static string SignalName(int signal) => signal switch
    {
        Posix.SIGHUP => "SIGHUP",
        Posix.SIGINT => "SIGINT",
        Posix.SIGQUIT => "SIGQUIT",
        Posix.SIGTERM => "SIGTERM",
        _ => "signal " + signal.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The worse of two codes, for commands over several servers or snapshots: any failure beats success, and the most specific failure wins.</summary>
    public static int Worst(int a, int b) => Rank(a) >= Rank(b) ? a : b;

    private static int Rank(int code) => code switch
    {
        Success => 0,
        Failure => 1,
        Timeout => 2,
        NotFound => 3,
        Limit => 4,
        Authentication => 5,
        Usage => 6,
        _ => 7,
    };
}

/// <summary>A usage problem found after parsing (no token, confirmation needed or refused): exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
