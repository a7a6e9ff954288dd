using System.Globalization;
using Mobility.City;

namespace Mobility.Simulation.Tests.City;

public sealed class GtfsIntegrityTests(GeneratedVillageFixture village) : IClassFixture<GeneratedVillageFixture>
{
    private readonly Dictionary<string, List<Dictionary<string, string>>> _gtfs = village.ReadGtfs();

    [Fact]
    public void Feed_has_every_file_of_a_complete_schedule()
    {
        string[] expected = ["agency.txt", "stops.txt", "routes.txt", "trips.txt", "stop_times.txt", "calendar.txt", "calendar_dates.txt", "shapes.txt", "feed_info.txt"];
        Assert.All(expected, f => Assert.True(_gtfs.ContainsKey(f), f));
        Assert.All(expected, f => Assert.NotEmpty(_gtfs[f]));
    }

    [Fact]
    public void Every_stop_time_names_an_existing_trip_and_stop_and_every_trip_has_stop_times()
    {
        var trips = _gtfs["trips.txt"].Select(t => t["trip_id"]).ToHashSet();
        var stops = _gtfs["stops.txt"].Select(s => s["stop_id"]).ToHashSet();
        var stopTimes = _gtfs["stop_times.txt"];
        Assert.All(stopTimes, st => Assert.Contains(st["trip_id"], trips));
        Assert.All(stopTimes, st => Assert.Contains(st["stop_id"], stops));
        Assert.Equal(trips, stopTimes.Select(st => st["trip_id"]).ToHashSet());
        Assert.Equal(village.City.Stats.StopTimes, stopTimes.Count);
        Assert.Equal(village.City.Stats.Trips, trips.Count);
    }

    [Fact]
    public void Every_trip_names_an_existing_route_service_and_shape_and_every_route_an_agency()
    {
        var routes = _gtfs["routes.txt"].Select(r => r["route_id"]).ToHashSet();
        var services = _gtfs["calendar.txt"].Select(c => c["service_id"])
            .Concat(_gtfs["calendar_dates.txt"].Select(c => c["service_id"])).ToHashSet();
        var shapes = _gtfs["shapes.txt"].Select(s => s["shape_id"]).ToHashSet();
        var agencies = _gtfs["agency.txt"].Select(a => a["agency_id"]).ToHashSet();
        Assert.All(_gtfs["trips.txt"], t =>
        {
            Assert.Contains(t["route_id"], routes);
            Assert.Contains(t["service_id"], services);
            Assert.Contains(t["shape_id"], shapes);
        });
        Assert.All(_gtfs["routes.txt"], r => Assert.Contains(r["agency_id"], agencies));
        Assert.Equal(_gtfs["trips.txt"].Count, _gtfs["trips.txt"].Select(t => t["trip_id"]).Distinct().Count());
    }

    [Fact]
    public void Stop_sequences_increase_and_times_never_decrease_within_a_trip()
    {
        foreach (var trip in _gtfs["stop_times.txt"].GroupBy(st => st["trip_id"]))
        {
            var previousSequence = -1;
            var previousTime = -1;
            foreach (var st in trip)
            {
                var sequence = int.Parse(st["stop_sequence"], CultureInfo.InvariantCulture);
                var arrival = Seconds(st["arrival_time"]);
                var departure = Seconds(st["departure_time"]);
                Assert.True(sequence > previousSequence, $"{trip.Key}: stop_sequence {sequence} after {previousSequence}");
                Assert.True(arrival >= previousTime && departure >= arrival, $"{trip.Key}: times go back at sequence {sequence}");
                previousSequence = sequence;
                previousTime = departure;
            }

            Assert.True(previousSequence >= 2, $"{trip.Key} has fewer than two stops");
        }
    }

    [Fact]
    public void Peak_headways_are_shorter_than_evening_headways_on_weekdays()
    {
        var firstStops = _gtfs["stop_times.txt"].Where(st => st["stop_sequence"] == "1").ToDictionary(st => st["trip_id"], st => Seconds(st["departure_time"]));
        var trips = _gtfs["trips.txt"].Where(t => t["service_id"] == "WEEKDAY" && t["direction_id"] == "0").GroupBy(t => t["route_id"]).First();
        var departures = trips.Select(t => firstStops[t["trip_id"]]).Order().ToArray();
        static double MeanGap(int[] d, int from, int to)
        {
            var inside = d.Where(t => t >= from && t < to).ToArray();
            return inside.Zip(inside.Skip(1), (a, b) => b - a).Average();
        }

        Assert.True(MeanGap(departures, 7 * 3600, 9 * 3600) < MeanGap(departures, 20 * 3600, 23 * 3600));
    }

    [Fact]
    public void Holidays_remove_weekday_service_and_add_sunday_service()
    {
        var dates = _gtfs["calendar_dates.txt"];
        // 14 July 2026 is a Tuesday.
        Assert.Contains(dates, d => d["service_id"] == "WEEKDAY" && d["date"] == "20260714" && d["exception_type"] == "2");
        Assert.Contains(dates, d => d["service_id"] == "SUNDAY" && d["date"] == "20260714" && d["exception_type"] == "1");
        Assert.Contains(dates, d => d["service_id"] == "EVENT_NIGHT" && d["date"] == "20261208" && d["exception_type"] == "1");
    }

    [Fact]
    public void Feed_has_bus_and_tram_routes()
    {
        var types = _gtfs["routes.txt"].Select(r => r["route_type"]).ToHashSet();
        Assert.Contains("0", types);
        Assert.Contains("3", types);
    }

    [Fact]
    public void Stop_times_distance_along_the_shape_increases()
    {
        foreach (var trip in _gtfs["stop_times.txt"].GroupBy(st => st["trip_id"]).Take(200))
        {
            var distances = trip.Select(st => double.Parse(st["shape_dist_traveled"], CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(0.0, distances[0]);
            Assert.True(distances.Zip(distances.Skip(1)).All(p => p.Item2 > p.Item1), trip.Key);
        }
    }

    [Theory]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2038, 4, 25)]
    public void Easter_sunday_matches_the_published_dates(int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), ServiceCalendar.EasterSunday(year));

    private static int Seconds(string time)
    {
        var parts = time.Split(':');
        Assert.Equal(3, parts.Length);
        return (int.Parse(parts[0], CultureInfo.InvariantCulture) * 3600) + (int.Parse(parts[1], CultureInfo.InvariantCulture) * 60) + int.Parse(parts[2], CultureInfo.InvariantCulture);
    }
}
