using VpsOrg.Snapshots.Http.Internal;
using VpsOrg.Snapshots.Serialization;

namespace VpsOrg.Snapshots.Tests.Http;

/// <summary>SPEC section 4's paging rules, one page at a time: where a <c>next</c> link may lead, and what a walk hands out.</summary>
public class PageCursorTests
{
    private static readonly Uri Base = new("https://admin.vps.org/");
    private static readonly Uri First = new("https://admin.vps.org/api/v1/snapshots/");

    [Fact]
    public void Advance_NoNextLink_EndsTheWalk()
    {
        var cursor = new PageCursor(Base, First);

        Assert.False(cursor.Advance(Page(1, null, 1)));
        Assert.Equal(1, cursor.Pages);
    }

    [Fact]
    public void Advance_RelativeAndAbsoluteLinksOnTheHost_AreFollowed()
    {
        var cursor = new PageCursor(Base, First);

        Assert.True(cursor.Advance(Page(3, "?page=2", 1)));
        Assert.Equal("https://admin.vps.org/api/v1/snapshots/?page=2", cursor.Current.AbsoluteUri);
        Assert.True(cursor.Advance(Page(3, "https://admin.vps.org/api/v1/snapshots/?page=3", 2)));
        Assert.Equal(3, cursor.Pages);
    }

    [Fact]
    public void Advance_HttpLinkBehindATlsProxy_IsFollowedOverBaseAddresssSchemeAndPort()
    {
        var cursor = new PageCursor(Base, First);

        Assert.True(cursor.Advance(Page(2, "http://admin.vps.org:8000/api/v1/snapshots/?page=2", 1)));

        Assert.Equal("https://admin.vps.org/api/v1/snapshots/?page=2", cursor.Current.AbsoluteUri);
    }

    [Theory]
    [InlineData("https://evil.example/api/v1/snapshots/?page=2&token=x")]
    [InlineData("ftp://admin.vps.org/api/v1/snapshots/?page=2")]
    public void Advance_LinkOffTheHost_IsRefusedWithItsQueryRedacted(string next)
    {
        var cursor = new PageCursor(Base, First);

        var ex = Assert.Throws<VpsApiException>(() => cursor.Advance(Page(2, next, 1)));

        Assert.Contains("was not followed", ex.Message);
        Assert.DoesNotContain("token=x", ex.Message);
    }

    [Fact]
    public void Advance_LinkBackToAPageAlreadyRead_EndsTheWalk()
    {
        var cursor = new PageCursor(Base, First);
        Assert.True(cursor.Advance(Page(2, "?page=2", 1)));

        var ex = Assert.Throws<VpsApiException>(() => cursor.Advance(Page(2, First.AbsoluteUri, 2)));

        Assert.Contains("a page already read", ex.Message);
    }

    [Fact]
    public void Advance_PastMaxPages_EndsTheWalk()
    {
        var cursor = new PageCursor(Base, First);
        for (var page = 2; page <= PageCursor.MaxPages; page++)
        {
            Assert.True(cursor.Advance(Page(1, "?page=" + page, page)));
        }

        var ex = Assert.Throws<VpsApiException>(() => cursor.Advance(Page(1, "?page=10001", 1)));

        Assert.Contains($"more than {PageCursor.MaxPages} pages", ex.Message);
    }

    [Fact]
    public void Fresh_HandsOutEachIdOnce_AcrossPagesAndWithinOne()
    {
        var cursor = new PageCursor(Base, First);

        var first = cursor.Fresh(Page(3, "?page=2", 3, 2, 3));
        cursor.Advance(Page(3, "?page=2", 3, 2));
        var second = cursor.Fresh(Page(3, null, 2, 1));

        Assert.Equal([3L, 2], first.Select(s => s.Id));
        Assert.Equal([1L], second.Select(s => s.Id));
        Assert.False(cursor.Changed);
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(3, 4)]
    [InlineData(3, null)]
    public void Fresh_ACountThatChangedBetweenPages_SaysTheListChanged(int firstCount, int? secondCount)
    {
        var cursor = new PageCursor(Base, First);
        var page = Page(firstCount, "?page=2", 3, 2);
        cursor.Fresh(page);
        cursor.Advance(page);

        cursor.Fresh(new SnapshotPage { Count = secondCount, Results = [Snapshot(1)] });

        Assert.True(cursor.Changed);
    }

    private static SnapshotPage Page(int count, string? next, params long[] ids) =>
        new() { Count = count, Next = next, Results = ids.Select(Snapshot).ToList() };

    private static Snapshot Snapshot(long id) => new()
    {
        Id = id,
        Server = new ServerReference { Id = 1, Name = "web" },
        Name = "s" + id,
        Status = SnapshotStatus.Completed,
        CreatedAt = DateTimeOffset.UnixEpoch.AddDays(id),
    };
}
