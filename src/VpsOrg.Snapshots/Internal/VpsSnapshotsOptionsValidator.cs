using Microsoft.Extensions.Options;

namespace VpsOrg.Snapshots.Internal;

/// <summary>Checks the rules declared on <see cref="VpsSnapshotsOptions"/> and <see cref="VpsRetryOptions"/> (source-generated: no reflection, AOT-safe).</summary>
[OptionsValidator]
internal sealed partial class VpsSnapshotsOptionsValidator : IValidateOptions<VpsSnapshotsOptions>
{
}
