using Microsoft.Extensions.Options;

namespace VpsOrg.Snapshots.DependencyInjection.Internal;

/// <summary>Source-generated validation of <see cref="VpsSnapshotsOptions"/> (no reflection; AOT-safe).</summary>
[OptionsValidator]
internal sealed partial class VpsSnapshotsOptionsValidator : IValidateOptions<VpsSnapshotsOptions>
{
}
