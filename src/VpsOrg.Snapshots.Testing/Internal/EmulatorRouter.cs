using System;
using System.Collections.Generic;
using System.Globalization;

namespace VpsOrg.Snapshots.Testing.Internal;

/// <summary>Checks the bearer token, then the throttle (as DRF does), and dispatches a request by path and method to <see cref="SnapshotEndpoints"/>.</summary>
internal sealed class EmulatorRouter
{
    private readonly SnapshotsEmulatorOptions _options;
    private readonly SnapshotEndpoints _endpoints;
    private readonly EmulatorThrottle _throttle;

    public EmulatorRouter(SnapshotsEmulatorOptions options, SnapshotEndpoints endpoints, EmulatorThrottle throttle)
    {
        _options = options;
        _endpoints = endpoints;
        _throttle = throttle;
    }

    public EmulatorResponse Route(EmulatorRequest request)
    {
        const string collection = SnapshotEndpoints.CollectionPath;
        if (!request.Path.StartsWith(collection, StringComparison.Ordinal))
        {
            return EmulatorResponses.NotFound();
        }

        var authorization = request.Authorization;
        if (string.IsNullOrEmpty(authorization))
        {
            return EmulatorResponses.Unauthorized("Authentication credentials were not provided.");
        }

        if (!authorization!.StartsWith("Bearer ", StringComparison.Ordinal) || !string.Equals(authorization.Substring(7), _options.Token, StringComparison.Ordinal))
        {
            return EmulatorResponses.Unauthorized("Invalid token.");
        }

        if (_throttle.Take(_options.TimeProvider.GetUtcNow()) is { } throttled)
        {
            return throttled;
        }

        var rest = request.Path.Substring(collection.Length);
        if (rest.Length == 0)
        {
            return request.Method switch
            {
                "GET" => _endpoints.List(request, ParseQuery(request.Query)),
                "POST" => _endpoints.Create(request),
                _ => EmulatorResponses.MethodNotAllowed(request.Method),
            };
        }

        var segments = rest.TrimEnd('/').Split('/');
        if (!rest.EndsWith("/", StringComparison.Ordinal) || !long.TryParse(segments[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return EmulatorResponses.NotFound();
        }

        return segments switch
        {
            [_] => request.Method == "DELETE" ? _endpoints.Delete(id) : EmulatorResponses.MethodNotAllowed(request.Method),
            [_, "restore"] => request.Method == "POST" ? _endpoints.Restore(id) : EmulatorResponses.MethodNotAllowed(request.Method),
            _ => EmulatorResponses.NotFound(),
        };
    }

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split(['&'], StringSplitOptions.RemoveEmptyEntries))
        {
            var cut = pair.IndexOf('=');
            var key = Uri.UnescapeDataString(cut < 0 ? pair : pair.Substring(0, cut));
            result[key] = cut < 0 ? string.Empty : Uri.UnescapeDataString(pair.Substring(cut + 1));
        }

        return result;
    }
}
