using System.Collections.Generic;
using System.Globalization;
using System.IO;
using VpsOrg.Snapshots.Cli.Infrastructure;

namespace VpsOrg.Snapshots.Cli.Parsing;

/// <summary>
/// <c>--servers-file PATH</c>: one server id a line; blank lines and <c>#</c> comments (whole lines, or after an id)
/// ignored; <c>-</c> reads stdin. A bad line is named by its number, and nothing is sent.
/// </summary>
internal static class ServersFile
{
    public static List<long> Read(string path, TextReader stdin)
    {
        string text;
        try
        {
            text = path == "-" ? stdin.ReadToEnd() : File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            throw new UsageException($"--servers-file {path}: {ex.Message}");
        }
        catch (System.UnauthorizedAccessException ex)
        {
            throw new UsageException($"--servers-file {path}: {ex.Message}");
        }

        var ids = new List<long>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var comment = raw.IndexOf('#');
            var line = (comment < 0 ? raw : raw.Substring(0, comment)).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (!long.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || !SnapshotRules.IsValidId(id))
            {
                throw new UsageException($"--servers-file {(path == "-" ? "(stdin)" : path)} line {number}: '{line}' is not a positive server id. Nothing was changed.");
            }

            ids.Add(id);
        }

        return ids;
    }
}
