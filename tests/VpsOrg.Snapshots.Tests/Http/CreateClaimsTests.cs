using VpsOrg.Snapshots.Http.Internal;

namespace VpsOrg.Snapshots.Tests.Http;

/// <summary>What creates on one client have already handed out: a snapshot goes to one caller only, and claims old enough that no reconciliation can match them are forgotten.</summary>
public class CreateClaimsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TryClaim_ASnapshotGoesToOneCallerOnly()
    {
        var claims = new CreateClaims();

        Assert.True(claims.TryClaim(802, Now));
        Assert.False(claims.TryClaim(802, Now.AddSeconds(1)));
        Assert.True(claims.IsClaimed(802));
        Assert.False(claims.IsClaimed(803));
    }

    [Fact]
    public void TryClaim_PastManyClaims_ForgetsThoseOlderThanAnHour_AndKeepsTheRecentOnes()
    {
        var claims = new CreateClaims();
        for (var id = 1; id <= 300; id++)
        {
            claims.TryClaim(id, Now);
        }

        claims.TryClaim(1_000, Now.AddMinutes(90));
        claims.TryClaim(1_001, Now.AddHours(2));

        Assert.False(claims.IsClaimed(1));
        Assert.False(claims.IsClaimed(300));
        Assert.True(claims.IsClaimed(1_000));
        Assert.True(claims.IsClaimed(1_001));
    }
}
