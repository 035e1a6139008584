using System;

namespace VpsOrg.Snapshots.Internal;

/// <summary>Replaces every token a call sent (the options' and any provided one) in text that is about to reach an exception or a log.</summary>
internal readonly struct TokenRedactor
{
    public const string Mask = "***";

    private readonly string? _apiToken;
    private readonly string[]? _sent;

    public TokenRedactor(string? apiToken, string[]? sent)
    {
        _apiToken = apiToken;
        _sent = sent;
    }

    public string? Apply(string? text)
    {
        text = Redact(text, _apiToken);
        if (_sent is not null)
        {
            foreach (var token in _sent)
            {
                text = Redact(text, token);
            }
        }

        return text;
    }

    private static string? Redact(string? text, string? token)
    {
        if (text is null || string.IsNullOrEmpty(token) || text.IndexOf(token, StringComparison.Ordinal) < 0)
        {
            return text;
        }

        return text.Replace(token, Mask);
    }
}
