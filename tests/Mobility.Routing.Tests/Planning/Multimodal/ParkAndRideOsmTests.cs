using Mobility.Routing.Gtfs;
using Mobility.Routing.Planning;
using Mobility.Routing.Planning.Multimodal;
using Mobility.Routing.Street;
using Mobility.Routing.Street.Osm;

namespace Mobility.Routing.Tests.Planning.Multimodal;

public sealed class ParkAndRideOsmTests(DemoCityPlannerFixture f) : IClassFixture<DemoCityPlannerFixture>
{
    private static string Write(string xml)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pr-{Guid.NewGuid():N}.osm");
        File.WriteAllText(path, xml);
        return path;
    }

    [Fact]
    public void Car_parks_tagged_park_ride_are_read_from_nodes_and_way_centroids_and_others_are_not()
    {
        var path = Write("""
            <?xml version="1.0" encoding="UTF-8"?>
            <osm version="0.6" generator="test">
              <node id="1" lat="45.0" lon="5.0"><tag k="amenity" v="parking"/><tag k="park_ride" v="yes"/><tag k="name" v="Gare Nord"/></node>
              <node id="2" lat="45.1" lon="5.1"><tag k="amenity" v="parking"/><tag k="park_ride" v="no"/></node>
              <node id="3" lat="45.2" lon="5.2"><tag k="amenity" v="parking"/></node>
              <node id="4" lat="45.3" lon="5.3"><tag k="park_ride" v="yes"/><tag k="amenity" v="bicycle_parking"/></node>
              <node id="10" lat="46.0" lon="6.0"/>
              <node id="11" lat="46.0" lon="6.2"/>
              <node id="12" lat="46.2" lon="6.2"/>
              <node id="13" lat="46.2" lon="6.0"/>
              <way id="100"><nd ref="10"/><nd ref="11"/><nd ref="12"/><nd ref="13"/><nd ref="10"/><tag k="amenity" v="parking"/><tag k="park_ride" v="tram"/></way>
              <way id="101"><nd ref="10"/><nd ref="11"/><tag k="highway" v="residential"/></way>
            </osm>
            """);
        try
        {
            var sites = ParkAndRideOsm.Read(path);
            Assert.Equal(2, sites.Count);
            Assert.Equal(new ParkAndRideSite("Gare Nord", 45.0, 5.0), sites[0]);
            Assert.Equal("P+R way 100", sites[1].Name);
            Assert.Equal(46.1, sites[1].Lat, 9); // the closing node counts once
            Assert.Equal(6.1, sites[1].Lon, 9);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_broken_file_is_reported_with_its_name()
    {
        var path = Write("<osm><node id=\"1\" lat=\"x\"");
        try
        {
            var e = Assert.Throws<OsmFormatException>(() => ParkAndRideOsm.Read(path));
            Assert.Contains(Path.GetFileName(path), e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Throws<OsmFormatException>(() => ParkAndRideOsm.Read(path));
    }

    [Fact]
    public void The_demo_city_has_park_and_ride_sites_beside_its_line_ends_and_the_planner_drives_to_them()
    {
        var sites = ParkAndRideOsm.Read(f.City.OsmPath);
        Assert.NotEmpty(sites);
        var stops = f.Snapshot.Timetable.Stops;
        Assert.All(sites, s => Assert.True(stops.Min(p => Geo.HaversineMeters(p.Lat, p.Lon, s.Lat, s.Lon)) < 150, $"{s.Name} is far from every stop"));
        Assert.Equal(sites, ParkAndRideOsm.Read(f.City.OsmPath)); // same file, same list

        // From beyond a site, away from the network's centre, to the far side of the city.
        var site = sites[0];
        var centre = (Lat: stops.Average(s => s.Lat), Lon: stops.Average(s => s.Lon));
        var from = new GeoCoordinate(site.Lat + ((site.Lat - centre.Lat) * 0.2), site.Lon + ((site.Lon - centre.Lon) * 0.2));
        var to = new GeoCoordinate(centre.Lat - ((site.Lat - centre.Lat) * 0.8), centre.Lon - ((site.Lon - centre.Lon) * 0.8));
        var result = f.Planner(sites: sites).Plan(new PlanRequest(from, to, f.Local, false, PlanModes.CarParkRide | PlanModes.Walk | PlanModes.Transit));
        Assert.Contains(result.Itineraries, r => r.Itinerary.Legs[0].Mode == LegMode.Car && sites.Any(s => s.Name == r.Itinerary.Legs[0].To.Name)
            && r.Itinerary.Legs.Any(l => l.Mode == LegMode.Transit));
    }
}
