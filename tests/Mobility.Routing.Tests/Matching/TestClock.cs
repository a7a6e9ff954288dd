namespace Mobility.Routing.Tests.Matching;

/// <summary>A clock stopped at a given instant.</summary>
internal sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>Travel time 1 s per 1e-5 degree of Manhattan distance, so hand-made schedules are easy to compute.</summary>
internal sealed class ManhattanModel : Mobility.Routing.Matching.Carpool.ITravelTimeModel
{
    public int Seconds(Mobility.Routing.Matching.Carpool.GeoPoint from, Mobility.Routing.Matching.Carpool.GeoPoint to) =>
        (int)Math.Round((Math.Abs(from.Latitude - to.Latitude) + Math.Abs(from.Longitude - to.Longitude)) * 100_000);
}
