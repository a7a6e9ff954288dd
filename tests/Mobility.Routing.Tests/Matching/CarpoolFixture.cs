using Mobility.Routing.Matching.Carpool;

namespace Mobility.Routing.Tests.Matching;

/// <summary>
/// One driver along a line from (0, 0) to (0, 0.01): 1000 s direct. Rider 1 from 0.002 to 0.008 (600 s), rider 2
/// from 0.003 to 0.006 (300 s). Boarding 30 s. Driving the driver's line with rider 1 only: pickup at T+200,
/// dropoff at T+830, arrival at T+1060, detour 60 s.
/// </summary>
internal static class CarpoolFixture
{
    public static readonly DateTimeOffset T = new(2026, 3, 2, 7, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Boarding = TimeSpan.FromSeconds(30);
    public static readonly ManhattanModel Model = new();

    public static GeoPoint At(double lon) => new(0, lon);

    public static DriverOffer Driver(string id = "d1", int seats = 1, int detourSeconds = 300) => new(
        new OfferId(id), "op", At(0), At(0.01), T, T.AddSeconds(60), seats,
        TimeSpan.FromSeconds(detourSeconds), TimeSpan.FromSeconds(900));

    public static RiderRequest Rider1 => new(
        new RequestId("r1"), At(0.002), At(0.008), T.AddSeconds(100), T.AddSeconds(400), T.AddSeconds(1200), TimeSpan.FromSeconds(800));

    public static RiderRequest Rider2 => new(
        new RequestId("r2"), At(0.003), At(0.006), T.AddSeconds(150), T.AddSeconds(600), T.AddSeconds(1500), TimeSpan.FromSeconds(800));

    public static PlannedStop Pick(RiderRequest r, int seconds) => new(r.Id, StopKind.Pickup, r.Pickup, T.AddSeconds(seconds));

    public static PlannedStop Drop(RiderRequest r, int seconds) => new(r.Id, StopKind.Dropoff, r.Dropoff, T.AddSeconds(seconds));

    public static DriverPlan Plan(DriverOffer d, int departure, int arrival, params PlannedStop[] stops) =>
        new(d.Id, T.AddSeconds(departure), stops, T.AddSeconds(arrival), TimeSpan.FromSeconds(1000));

    public static CarpoolMatching Result(IReadOnlyList<DriverPlan> plans, params RiderRequest[] unserved) => new(
        plans,
        unserved.Select(u => new UnservedRequest(u.Id, "test")).ToArray(),
        [],
        [],
        new CarpoolMatchingStats(0, 0, 0, TimeSpan.Zero));
}
