using System;
using System.Collections.Generic;
using System.Text.Json;

namespace VpsOrg.Snapshots.Errors.Internal;

/// <summary>Reads the API's error text and field errors out of any error body of SPEC section 2 (DRF JSON, a bare list, HTML, plain text).</summary>
internal static class ErrorBodyParser
{
    public const string NonFieldErrors = "non_field_errors";

    public static (string? Detail, IReadOnlyDictionary<string, IReadOnlyList<string>>? Errors) Parse(string? body, string? mediaType)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null);
        }

        var trimmed = body!.TrimStart();
        if (trimmed.Length == 0 || (trimmed[0] != '{' && trimmed[0] != '['))
        {
            return (IsHtml(trimmed, mediaType) ? HtmlTitle(trimmed) : PlainText(trimmed), null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return FromJson(document.RootElement);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static (string? Detail, IReadOnlyDictionary<string, IReadOnlyList<string>>? Errors) FromJson(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            // DRF answers a ValidationError raised with a list as a bare JSON array of messages.
            var messages = Strings(root);
            return messages.Count == 0
                ? (null, null)
                : (messages[0], new Dictionary<string, IReadOnlyList<string>> { [NonFieldErrors] = messages });
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }

        string? detail = null;
        Dictionary<string, IReadOnlyList<string>>? errors = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "detail" or "error" or "message" when property.Value.ValueKind == JsonValueKind.String:
                    detail ??= property.Value.GetString();
                    break;
                case "detail" or "error" or "message" or "code" or "status" or "status_code":
                    break;
                default:
                    var messages = Strings(property.Value);
                    if (messages.Count > 0)
                    {
                        (errors ??= new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal))[property.Name] = messages;
                    }

                    break;
            }
        }

        if (detail is null && errors is not null && errors.TryGetValue(NonFieldErrors, out var nonField))
        {
            detail = nonField[0];
        }

        return (detail, errors);
    }

    private static List<string> Strings(JsonElement element)
    {
        var list = new List<string>();
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                list.Add(element.GetString()!);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        list.Add(item.GetString()!);
                    }
                    else if (item.ValueKind == JsonValueKind.Object)
                    {
                        list.Add(item.GetRawText());
                    }
                }

                break;
            case JsonValueKind.Object:
                foreach (var nested in element.EnumerateObject())
                {
                    foreach (var message in Strings(nested.Value))
                    {
                        list.Add($"{nested.Name}: {message}");
                    }
                }

                break;
        }

        return list;
    }

    private static bool IsHtml(string text, string? mediaType) =>
        string.Equals(mediaType, "text/html", StringComparison.OrdinalIgnoreCase) ||
        text.StartsWith("<", StringComparison.Ordinal);

    private static string? HtmlTitle(string html)
    {
        var start = html.IndexOf("<title>", StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            return "the response was an HTML page, not JSON";
        }

        start += "<title>".Length;
        var end = html.IndexOf("</title>", start, StringComparison.OrdinalIgnoreCase);
        var title = (end < 0 ? html.Substring(start) : html.Substring(start, end - start)).Trim();
        return title.Length == 0 ? "the response was an HTML page, not JSON" : $"HTML page '{ApiErrorFactory.Truncate(title, 200)}'";
    }

    private static string PlainText(string text) => ApiErrorFactory.Truncate(text.Trim(), 300);
}
