using System.ComponentModel.DataAnnotations;

namespace VpsOrg.Snapshots;

/// <summary>
/// How one client (or one <c>AddVpsSnapshots</c> registration) shares what the API says about its rate across all
/// of its calls: a 429 (or a 503 with <c>Retry-After</c>) holds every call until the time the server gave, and then
/// the client paces its requests.
/// </summary>
public sealed class VpsThrottlingOptions
{
    /// <summary>
    /// After the first throttling answer, pace requests at a rate that follows what the API says (the AWS SDKs'
    /// adaptive mode: CUBIC, beta 0.7, scale 0.4, at least 0.5 requests/s, never above twice the measured send
    /// rate), so the callers a hold released do not arrive together and earn the next 429.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool AdaptivePacing { get; set; } = true;

    /// <summary>
    /// A fixed client-side rate in requests per second, from the first request on, for users who know their quota
    /// (it replaces <see cref="AdaptivePacing"/>). <see langword="null"/> for none.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>. From 0.01 to 10,000.</value>
    [Range(0.01, 10_000)]
    public double? RequestsPerSecond { get; set; }

    /// <summary>Describes the settings.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => $"{{ AdaptivePacing = {AdaptivePacing}, RequestsPerSecond = {RequestsPerSecond?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"} }}";
}
