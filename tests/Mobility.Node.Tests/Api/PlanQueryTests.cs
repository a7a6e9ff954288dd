using Mobility.Node.Api;
using Mobility.Node.Snapshots;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Api;

public sealed class PlanQueryTests(VillageNode village) : IClassFixture<VillageNode>
{
    private RoutingSnapshot Snapshot => village.Node.Host.Services.GetService(typeof(IRoutingSnapshotSource)) is IRoutingSnapshotSource s ? s.Current! : throw new InvalidOperationException();

    private string Centre => FormattableString.Invariant($"{(village.Area.MinLat + village.Area.MaxLat) / 2},{(village.Area.MinLon + village.Area.MaxLon) / 2}");

    [Fact]
    public void A_time_with_an_offset_is_converted_to_the_timetable_zone_and_one_without_is_taken_as_local()
    {
        var s = Snapshot;
        var (first, _) = s.ServicePeriod;
        var local = first.AddDays(40).ToDateTime(new TimeOnly(8, 0));
        var now = new DateTimeOffset(local, s.TimeZone.GetUtcOffset(local));
        var utcText = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

        var plain = PlanQuery.Parse(Centre, Centre, local.ToString("s", System.Globalization.CultureInfo.InvariantCulture), null, null, s, now, out var f1);
        var withOffset = PlanQuery.Parse(Centre, Centre, utcText, null, null, s, now, out var f2);
        Assert.Null(f1);
        Assert.Null(f2);
        Assert.Equal(local, plain.LocalTime);
        Assert.Equal(local, withOffset.LocalTime);
        Assert.False(plain.ArriveBy);
    }

    [Theory]
    [InlineData(-367, "in the past")]
    [InlineData(367, "in the future")]
    public void A_time_more_than_366_days_from_now_is_refused(int days, string words)
    {
        var s = Snapshot;
        var (first, _) = s.ServicePeriod;
        var trip = first.AddDays(100).ToDateTime(new TimeOnly(8, 0));
        var now = new DateTimeOffset(trip.AddDays(-days), s.TimeZone.GetUtcOffset(trip));
        PlanQuery.Parse(Centre, Centre, null, trip.ToString("s", System.Globalization.CultureInfo.InvariantCulture), null, s, now, out var failure);
        Assert.NotNull(failure);
        Assert.Equal("arriveBy", failure.Parameter);
        Assert.Contains(words, failure.Message, StringComparison.Ordinal);

        // Two days nearer (365 days away) is accepted.
        var nearer = new DateTimeOffset(trip.AddDays(-days + (Math.Sign(days) * 2)), s.TimeZone.GetUtcOffset(trip));
        var ok = PlanQuery.Parse(Centre, Centre, null, trip.ToString("s", System.Globalization.CultureInfo.InvariantCulture), null, s, nearer, out var none);
        Assert.Null(none);
        Assert.True(ok.ArriveBy);
    }

    [Fact]
    public void Without_a_time_the_request_departs_now_in_the_timetable_zone()
    {
        var s = Snapshot;
        var (first, _) = s.ServicePeriod;
        var now = new DateTimeOffset(first.AddDays(10).ToDateTime(new TimeOnly(6, 30)), TimeSpan.Zero);
        var request = PlanQuery.Parse(Centre, Centre, null, null, "bike", s, now, out var failure);
        Assert.Null(failure);
        Assert.Equal(TimeZoneInfo.ConvertTime(now, s.TimeZone).DateTime, request.LocalTime);
        Assert.Equal(Mobility.Routing.Planning.PlanModes.Bike, request.Modes);
    }
}
