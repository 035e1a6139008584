using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace VpsOrg.Snapshots.Diagnostics;

/// <summary>
/// The one line every successful call logs, written by hand instead of by <c>[LoggerMessage]</c>: with five values
/// the generated code boxes the three numbers into an array and formats through <c>string.Format</c>, which cost
/// about a tenth of an in-memory call. Here the message is formatted straight into one string, and the values are
/// boxed only when a provider enumerates them (structured logging). Same event, message template and values as
/// the generated form.
/// </summary>
internal readonly struct CallCompletedLog : IReadOnlyList<KeyValuePair<string, object?>>
{
    /// <summary>The message template, as a structured-logging provider receives it under <c>{OriginalFormat}</c>.</summary>
    public const string Template = "VPS.org {Method} {Path} -> {StatusCode} in {ElapsedMs} ms after {Attempts} attempt(s)";

    private static readonly EventId Event = new(1, "CallCompleted");
    private static readonly Func<CallCompletedLog, Exception?, string> Formatter = static (state, _) => state.ToString();

    private readonly string _method;
    private readonly string _path;
    private readonly int _statusCode;
    private readonly long _elapsedMs;
    private readonly int _attempts;

    private CallCompletedLog(string method, string path, int statusCode, long elapsedMs, int attempts)
    {
        _method = method;
        _path = path;
        _statusCode = statusCode;
        _elapsedMs = elapsedMs;
        _attempts = attempts;
    }

    /// <inheritdoc/>
    public int Count => 6;

    /// <inheritdoc/>
    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("Method", _method),
        1 => new("Path", _path),
        2 => new("StatusCode", _statusCode),
        3 => new("ElapsedMs", _elapsedMs),
        4 => new("Attempts", _attempts),
        5 => new("{OriginalFormat}", Template),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>Logs the line at Information when the logger takes it.</summary>
    public static void Write(ILogger logger, string method, string path, int statusCode, long elapsedMs, int attempts)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.Log(LogLevel.Information, Event, new CallCompletedLog(method, path, statusCode, elapsedMs, attempts), null, Formatter);
        }
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The formatted message.</summary>
    public override string ToString() =>
#if NET6_0_OR_GREATER
        string.Create(CultureInfo.InvariantCulture, $"VPS.org {_method} {_path} -> {_statusCode} in {_elapsedMs} ms after {_attempts} attempt(s)");
#else
        string.Format(CultureInfo.InvariantCulture, "VPS.org {0} {1} -> {2} in {3} ms after {4} attempt(s)", _method, _path, _statusCode, _elapsedMs, _attempts);
#endif
}
