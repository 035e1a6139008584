using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using VpsOrg.Snapshots.Shared;

namespace VpsOrg.Snapshots.Testing.Internal;

/// <summary>Holds the injected fault rules, hands each matching request its fault, and renders a fault's answer.</summary>
internal sealed class FaultInjector
{
    private readonly List<FaultRule> _rules = [];

    public void Add(EmulatorFault fault, int times, string? method, string? pathContains) =>
        _rules.Add(new FaultRule(fault, times, method, pathContains));

    public void Clear() => _rules.Clear();

    /// <summary>The fault for <paramref name="request"/>, if a rule matches; a used-up rule is removed as it is taken.</summary>
    public EmulatorFault? Take(EmulatorRequest request)
    {
        for (var i = 0; i < _rules.Count; i++)
        {
            var rule = _rules[i];
            if ((rule.Method is null || string.Equals(rule.Method, request.Method, StringComparison.OrdinalIgnoreCase)) &&
                (rule.PathContains is null || request.Path.IndexOf(rule.PathContains, StringComparison.Ordinal) >= 0))
            {
                if (--rule.Remaining == 0)
                {
                    _rules.RemoveAt(i);
                }

                return rule.Fault;
            }
        }

        return null;
    }

    public static EmulatorResponse Dropped() => new(0, null, ReadOnlyMemory<byte>.Empty, [], Drop: true);

    /// <summary>The answer of a status fault: DRF's JSON, or an nginx error page.</summary>
    public static EmulatorResponse Status(EmulatorFault fault)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (fault.RetryAfter is { } retryAfter)
        {
            headers.Add(new("Retry-After", ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture)));
        }

        if (fault.Html)
        {
            var title = $"{fault.StatusCode} {HttpReasonPhrases.For(fault.StatusCode)}";
            var html = $"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
            return new EmulatorResponse(fault.StatusCode, "text/html", Encoding.UTF8.GetBytes(html), headers);
        }

        var detail = fault.StatusCode switch
        {
            429 => "Request was throttled. Expected available in " + ((long)Math.Ceiling((fault.RetryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds)).ToString(CultureInfo.InvariantCulture) + " seconds.",
            >= 500 => "A server error occurred.",
            _ => HttpReasonPhrases.For(fault.StatusCode) + ".",
        };
        return EmulatorResponses.Json(fault.StatusCode, EmulatorJson.Detail(detail), headers);
    }

    private sealed class FaultRule(EmulatorFault fault, int times, string? method, string? pathContains)
    {
        public EmulatorFault Fault { get; } = fault;

        public int Remaining { get; set; } = times;

        public string? Method { get; } = method;

        public string? PathContains { get; } = pathContains;
    }
}
