using Mobility.Routing.Gtfs;
using Mobility.Routing.Planning;
using Mobility.Routing.Planning.Carpool;
using Mobility.Routing.Planning.Multimodal;
using Mobility.Routing.Planning.SharedVehicles;
using Mobility.Routing.SharedMobility.Gbfs;
using Mobility.Routing.Street;
using Mobility.Routing.Tests.SharedMobility;
using Mobility.Routing.Transit;
using Mobility.City;

namespace Mobility.Routing.Tests.Planning.Multimodal;

/// <summary>A generated village (OSM + GTFS + GBFS) with its planner snapshot, built once for the class.</summary>
public sealed class DemoCityPlannerFixture : IDisposable
{
    public DemoCityPlannerFixture()
    {
        City = CityGenerator.Generate(CitySpec.Preset("village", 5), Path.Combine(Path.GetTempPath(), "mobility-planner-tests", Guid.NewGuid().ToString("N")));
        var streets = StreetNetwork.Load(City.OsmPath);
        Snapshot = PlannerSnapshot.Build([GtfsReader.Load(City.GtfsPath)], streets);
        Now = City.Spec.GbfsLastUpdated.AddSeconds(20);
        var result = GbfsReader.ReadFolderAsync(City.GbfsDirectory, new FixedTime(Now)).GetAwaiter().GetResult();
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Gbfs = result.Snapshot!;
    }

    public GeneratedCity City { get; }

    public PlannerSnapshot Snapshot { get; }

    public GbfsSnapshot Gbfs { get; }

    public DateTimeOffset Now { get; }

    /// <summary>Request time: five minutes after the feed's last_updated, in the city's local time.</summary>
    public DateTime Local => Now.AddMinutes(5).ToOffset(TimeSpan.FromHours(1)).DateTime;

    public MultimodalPlanner Planner(CarpoolOfferBook? book = null, IReadOnlyList<ParkAndRideSite>? sites = null, SharedMobilityFeed? feed = null) =>
        new(new SnapshotHolder<PlannerSnapshot>(Snapshot),
            new SnapshotHolder<MobilityOffers>(new MobilityOffers([feed ?? SharedMobilityFeed.Check(Gbfs, GbfsFreshnessPolicy.Default, Now)], book ?? CarpoolOfferBook.Empty, sites ?? [])));

    public void Dispose() => Directory.Delete(City.Directory, recursive: true);
}
