using System;

namespace VpsOrg.Snapshots;

/// <summary>How <see cref="SnapshotsClientExtensions.WaitForCompletionAsync"/> polls. The waits run on the client's clock (the <see cref="TimeProvider"/> it was built with).</summary>
public sealed class SnapshotWaitOptions
{
    /// <summary>The first wait between polls; each later one doubles up to <see cref="MaxPollInterval"/>.</summary>
    /// <value>Defaults to 5 seconds.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between polls.</summary>
    /// <value>Defaults to 30 seconds.</value>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait in all before giving up with a <see cref="TimeoutException"/>.</summary>
    /// <value>Defaults to 20 minutes (creating takes 3-10 minutes).</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(20);

    internal void Validate()
    {
        if (PollInterval <= TimeSpan.Zero || MaxPollInterval < PollInterval)
        {
            throw new ArgumentException("PollInterval must be positive and MaxPollInterval at least PollInterval.", nameof(PollInterval));
        }

        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Timeout must be positive.", nameof(Timeout));
        }
    }
}
