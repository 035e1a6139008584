using System.Collections.Generic;

namespace VpsOrg.Snapshots.Testing.Internal;

/// <summary>The answers the emulator gives in Django REST Framework's shapes.</summary>
internal static class EmulatorResponses
{
    public static EmulatorResponse Json(int status, byte[] body, List<KeyValuePair<string, string>>? headers = null) =>
        new(status, "application/json", body, headers ?? []);

    public static EmulatorResponse NotFound(string detail = "Not found.") => Json(404, EmulatorJson.Detail(detail));

    public static EmulatorResponse Unauthorized(string detail) =>
        Json(401, EmulatorJson.Detail(detail), [new("WWW-Authenticate", "Bearer realm=\"api\"")]);

    public static EmulatorResponse MethodNotAllowed(string method) =>
        Json(405, EmulatorJson.Detail($"Method \"{method}\" not allowed."));
}
