namespace VpsOrg.Snapshots.Testing.Tests.Throttling;

/// <summary>Many-callers scenarios on fake time run alone, so no other test's work on the thread pool blurs when their clock moves.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingGroup
{
    public const string Name = "Many callers on fake time";
}
