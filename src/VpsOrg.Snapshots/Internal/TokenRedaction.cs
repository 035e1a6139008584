using System;

namespace VpsOrg.Snapshots.Internal;

/// <summary>Replaces a token in text that is about to be quoted in an exception or a log.</summary>
internal static class TokenRedaction
{
    public const string Mask = "***";

    public static string? Redact(string? text, string? token)
    {
        if (text is null || string.IsNullOrEmpty(token) || text.IndexOf(token, StringComparison.Ordinal) < 0)
        {
            return text;
        }

        return text.Replace(token, Mask);
    }
}
