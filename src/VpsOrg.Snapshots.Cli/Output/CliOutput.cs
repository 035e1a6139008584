using System;
using System.IO;
using System.Text.Json;
using Spectre.Console;
using VpsOrg.Snapshots.Cli.Infrastructure;

namespace VpsOrg.Snapshots.Cli.Output;

/// <summary>
/// The tool's one output point: a command's result is rendered here, as a table for a person or as JSON for a
/// script (<c>-o json</c>: only JSON on stdout); progress and result lines that come as they happen go through it too.
/// </summary>
internal sealed class CliOutput
{
    private readonly CliEnvironment _env;
    private readonly object _gate = new();
    private IAnsiConsole? _live;

    public CliOutput(CliEnvironment env, bool json)
    {
        _env = env;
        Json = json;
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

    /// <summary>Whether stdout carries JSON only.</summary>
    public bool Json { get; }

    /// <summary>The console tables are written to (stdout).</summary>
    public IAnsiConsole Console { get; }

    public TextWriter Error => _env.Error;

    /// <summary>
    /// The console of a live display on the terminal (a rotate's status line), while it runs: lines bound for that
    /// terminal are written through it, above the display, or its next redraw would write over them.
    /// </summary>
    public IAnsiConsole? Live
    {
        get { lock (_gate) { return _live; } }
        set { lock (_gate) { _live = value; } }
    }

    /// <summary>Renders a command's result: its JSON on stdout, or its table.</summary>
    public void Write(ICliResult result)
    {
        if (Json)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                result.WriteJson(writer);
            }

            _env.Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
        else
        {
            result.WriteTable(Console, _env.Time.GetUtcNow());
        }
    }

    /// <summary>A result line as it happens (one per server of a rotation): stdout for a person, stderr when stdout carries JSON.</summary>
    public void Line(string line)
    {
        lock (_gate)
        {
            if (_live is not null && (Json || _env.OutputIsTerminal))
            {
                // Stdout and stderr share the terminal the live display is on.
                _live.WriteLine(line, Style.Plain);
            }
            else if (Json)
            {
                _env.Error.WriteLine(line);
            }
            else
            {
                Console.WriteLine(line);
            }
        }
    }

    /// <summary>A progress line on stderr (never stdout, which may be JSON).</summary>
    public void Progress(string line)
    {
        lock (_gate)
        {
            if (_live is not null)
            {
                _live.WriteLine(line, Style.Plain);
            }
            else
            {
                _env.Error.WriteLine(line);
            }
        }
    }
}

/// <summary>What a command produced, renderable either way.</summary>
internal interface ICliResult
{
    void WriteTable(IAnsiConsole console, DateTimeOffset now);

    void WriteJson(Utf8JsonWriter writer);
}
