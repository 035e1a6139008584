using System;
using System.Text.Json.Serialization;
using VpsOrg.Snapshots.Serialization;

namespace VpsOrg.Snapshots;

/// <summary>
/// The status of a snapshot, as the API reports it. An extensible enumeration: the known values
/// are static properties, and any other value the API sends is kept as-is and round-trips unchanged.
/// </summary>
/// <remarks>Two statuses are equal when their wire values are equal (ordinal, case-sensitive).</remarks>
[JsonConverter(typeof(SnapshotStatusJsonConverter))]
public readonly struct SnapshotStatus : IEquatable<SnapshotStatus>
{
    private const string InProgressValue = "in_progress";
    private const string CompletedValue = "completed";
    private const string FailedValue = "failed";
    private const string ErrorValue = "error";

    private readonly string? _value;

    /// <summary>Creates a status from its wire value.</summary>
    /// <param name="value">The wire value, for example <c>in_progress</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public SnapshotStatus(string value)
    {
        _value = VpsOrg.Snapshots.Internal.Guard.NotNull(value);
    }

    /// <summary>The snapshot is being created (<c>in_progress</c>).</summary>
    public static SnapshotStatus InProgress { get; } = new(InProgressValue);

    /// <summary>The snapshot is complete and can be restored (<c>completed</c>).</summary>
    public static SnapshotStatus Completed { get; } = new(CompletedValue);

    /// <summary>Creating the snapshot failed (<c>failed</c>).</summary>
    public static SnapshotStatus Failed { get; } = new(FailedValue);

    /// <summary>The snapshot is in an error state (<c>error</c>).</summary>
    public static SnapshotStatus Error { get; } = new(ErrorValue);

    /// <summary>The wire value of this status; empty for <c>default(SnapshotStatus)</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Whether this status means the snapshot will never complete (<c>failed</c> or <c>error</c>).</summary>
    public bool IsFailure => Value is FailedValue or ErrorValue;

    /// <summary>Compares two statuses by wire value.</summary>
    /// <param name="left">The first status.</param>
    /// <param name="right">The second status.</param>
    /// <returns><see langword="true"/> when the wire values are equal.</returns>
    public static bool operator ==(SnapshotStatus left, SnapshotStatus right) => left.Equals(right);

    /// <summary>Compares two statuses by wire value.</summary>
    /// <param name="left">The first status.</param>
    /// <param name="right">The second status.</param>
    /// <returns><see langword="true"/> when the wire values differ.</returns>
    public static bool operator !=(SnapshotStatus left, SnapshotStatus right) => !left.Equals(right);

    /// <summary>Converts a wire value to a status.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator SnapshotStatus(string value) => new(value);

    /// <summary>Creates a status from its wire value (the named alternative to the implicit conversion).</summary>
    /// <param name="value">The wire value.</param>
    /// <returns>The status.</returns>
    public static SnapshotStatus FromString(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(SnapshotStatus other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SnapshotStatus other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Returns the wire value, for example <c>completed</c>.</summary>
    /// <returns>The wire value.</returns>
    public override string ToString() => Value;
}
