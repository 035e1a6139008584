using System.Collections.Generic;
using System.Text.Json;

namespace VpsOrg.Snapshots.Testing.Internal;

/// <summary>Checks a create body the way DRF's serializer does, with its field-error wording.</summary>
internal static class CreateSnapshotValidator
{
    /// <summary>The parsed fields, or the 400 answer to give.</summary>
    public static (long ServerId, string Name, string? Description, EmulatorResponse? Error) Validate(byte[]? body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body is null || body.Length == 0 ? "{}"u8.ToArray() : body);
        }
        catch (JsonException ex)
        {
            return (0, string.Empty, null, EmulatorResponses.Json(400, EmulatorJson.Detail("JSON parse error - " + ex.Message)));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (0, string.Empty, null, EmulatorResponses.Json(400, EmulatorJson.FieldErrors([new("non_field_errors", "Invalid data. Expected a dictionary, but got " + root.ValueKind + ".")])));
            }

            var errors = new List<KeyValuePair<string, string>>();
            long serverId = 0;
            if (!root.TryGetProperty("server_id", out var serverElement) || serverElement.ValueKind == JsonValueKind.Null)
            {
                errors.Add(new("server_id", "This field is required."));
            }
            else if (serverElement.ValueKind != JsonValueKind.Number || !serverElement.TryGetInt64(out serverId))
            {
                errors.Add(new("server_id", "A valid integer is required."));
            }

            string? name = null;
            if (!root.TryGetProperty("name", out var nameElement) || nameElement.ValueKind == JsonValueKind.Null)
            {
                errors.Add(new("name", "This field is required."));
            }
            else if (nameElement.ValueKind != JsonValueKind.String || (name = nameElement.GetString()!).Length == 0)
            {
                errors.Add(new("name", "This field may not be blank."));
            }
            else if (!SnapshotRules.IsValidName(name))
            {
                errors.Add(new("name", "Enter a valid \"slug\" consisting of letters, numbers, underscores or hyphens."));
            }

            string? description = null;
            if (root.TryGetProperty("description", out var descriptionElement))
            {
                if (descriptionElement.ValueKind == JsonValueKind.Null)
                {
                    errors.Add(new("description", "This field may not be null."));
                }
                else if (descriptionElement.ValueKind != JsonValueKind.String)
                {
                    errors.Add(new("description", "Not a valid string."));
                }
                else
                {
                    description = descriptionElement.GetString();
                }
            }

            return errors.Count > 0
                ? (0, string.Empty, null, EmulatorResponses.Json(400, EmulatorJson.FieldErrors(errors)))
                : (serverId, name!, description, null);
        }
    }
}
