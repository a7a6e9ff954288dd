using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mobility.Node.Snapshots;
using Mobility.Node.Tests.Support;
using Mobility.Node.Web;
using Mobility.Routing.Street;

namespace Mobility.Node.Tests.Web;

public sealed class TerritoryMapTests(VillageNode village) : IClassFixture<VillageNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private RoutingSnapshot Snapshot => village.Node.Host.Services.GetRequiredService<IRoutingSnapshotSource>().Current!;

    [Fact]
    public async Task The_map_holds_every_stop_every_line_with_trips_and_every_usable_street_stretch_inside_the_area()
    {
        using var response = await village.Node.GetAsync("/plan/map");
        var body = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);

        var root = JsonDocument.Parse(body).RootElement;
        Assert.Equal("FeatureCollection", root.GetProperty("type").GetString());
        Assert.False(root.GetProperty("truncated").GetBoolean());
        var features = root.GetProperty("features").EnumerateArray().ToList();
        var snapshot = Snapshot;
        var timetable = snapshot.Planner.Timetable;

        // The plain reference: stop ids from the timetable, lines that some trip runs, stretches someone may use.
        var stops = features.Where(f => Layer(f) == "stop").ToList();
        Assert.Equal(timetable.Stops.Select(s => s.Id).Order(StringComparer.Ordinal), stops.Select(f => f.GetProperty("properties").GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        var expectedLines = timetable.Trips.Select(t => timetable.Lines[t.Line].Id).Distinct().Order(StringComparer.Ordinal);
        var lines = features.Where(f => Layer(f) == "line").ToList();
        Assert.Equal(expectedLines, lines.Select(f => f.GetProperty("properties").GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(lines, l => Assert.Matches("^#[0-9A-F]{6}$", l.GetProperty("properties").GetProperty("color").GetString()!));
        var usable = Enumerable.Range(0, snapshot.Streets.ShapeCount()).Count(e => snapshot.Streets.ShapeAccess(e).Any);
        Assert.True(usable > 0);
        Assert.Equal(usable, features.Count(f => Layer(f) == "street"));

        // One point per street name of the extract where a walk can start, on a node of the street: what the page
        // searches by name (names only on islands of the extract are left out).
        var names = features.Where(f => Layer(f) == "name").ToList();
        var walkable = snapshot.Streets.Names.Where(n => snapshot.Streets.Snap(n.Value.Lat, n.Value.Lon, Mobility.Routing.Street.StreetProfile.Walk) is { DistanceMeters: < 5 }).Select(n => n.Key);
        Assert.True(names.Count > snapshot.Streets.Names.Count / 2, $"{names.Count} of {snapshot.Streets.Names.Count} names");
        Assert.Equal(walkable.Order(StringComparer.Ordinal), names.Select(f => f.GetProperty("properties").GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        foreach (var n in names)
        {
            var (lon, lat) = Positions(n.GetProperty("geometry")).Single();
            var nearest = Enum.GetValues<Mobility.Routing.Street.StreetProfile>().Select(p => snapshot.Streets.Snap(lat, lon, p)?.DistanceMeters ?? double.MaxValue).Min();
            Assert.True(nearest < 1, $"{lat},{lon} is {nearest:0.0} m from the streets");
        }

        var area = snapshot.Bounds.Expand(50);
        foreach (var f in features)
        {
            foreach (var (lon, lat) in Positions(f.GetProperty("geometry")))
            {
                Assert.True(area.Contains(lat, lon), $"{lat},{lon} outside {area}");
            }
        }
    }

    [Fact]
    public async Task A_matching_etag_gets_304_and_gzip_holds_the_same_bytes()
    {
        using var plain = await village.Node.GetAsync("/plan/map");
        var bytes = await plain.Content.ReadAsByteArrayAsync(Ct);
        var tag = plain.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, "/plan/map");
        again.Headers.IfNoneMatch.Add(tag);
        using var notModified = await village.Node.Http.SendAsync(again, Ct);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync(Ct));

        using var other = new HttpRequestMessage(HttpMethod.Get, "/plan/map");
        other.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"0123\""));
        using var changed = await village.Node.Http.SendAsync(other, Ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        using var zipped = new HttpRequestMessage(HttpMethod.Get, "/plan/map");
        zipped.Headers.AcceptEncoding.ParseAdd("gzip");
        using var gz = await village.Node.Http.SendAsync(zipped, Ct);
        Assert.Equal("gzip", Assert.Single(gz.Content.Headers.ContentEncoding));
        var packed = await gz.Content.ReadAsByteArrayAsync(Ct);
        Assert.True(packed.Length < bytes.Length / 3, $"gzip {packed.Length} of {bytes.Length}");
        using var unpacked = new MemoryStream();
        await using (var inflate = new GZipStream(new MemoryStream(packed), CompressionMode.Decompress))
        {
            await inflate.CopyToAsync(unpacked, Ct);
        }

        Assert.Equal(bytes, unpacked.ToArray());
    }

    [Fact]
    public void The_cache_builds_once_per_version_and_an_equal_map_keeps_its_tag()
    {
        var cache = new TerritoryMapCache();
        var first = cache.Get(Snapshot, 7);
        Assert.Same(first, cache.Get(Snapshot, 7));
        var next = cache.Get(Snapshot, 8);
        Assert.NotSame(first, next);
        Assert.Equal(8, next.Version);
        Assert.Equal(first.ETag, next.ETag);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void A_small_budget_keeps_lines_and_stops_cuts_streets_and_says_so(int fraction)
    {
        var snapshot = Snapshot;
        var full = TerritoryMap.Build(snapshot, out var all);
        var maxBytes = full.Length / fraction;
        var bytes = TerritoryMap.Build(snapshot, out var counts, maxBytes);
        Assert.True(full.Length > maxBytes, "the village map must exceed the budget for this test to mean anything");
        Assert.True(bytes.Length <= maxBytes, $"{bytes.Length} > {maxBytes}");
        var root = JsonDocument.Parse(bytes).RootElement;
        Assert.True(root.GetProperty("truncated").GetBoolean());
        Assert.True(counts.Truncated);
        Assert.Equal(all.Lines, counts.Lines);
        Assert.Equal(all.Stops, counts.Stops);
        Assert.InRange(counts.Streets, 0, all.Streets - 1);
        Assert.Equal(counts.Streets, root.GetProperty("features").EnumerateArray().Count(f => Layer(f) == "street"));
    }

    [Theory]
    [InlineData(0, "tram")]
    [InlineData(3, "bus")]
    [InlineData(700, "bus")]
    [InlineData(2, "rail")]
    [InlineData(109, "rail")]
    [InlineData(1, "metro")]
    [InlineData(4, "ferry")]
    [InlineData(99, "other")]
    public void Route_types_read_as_the_travelers_word(int routeType, string mode) => Assert.Equal(mode, TerritoryMap.ModeOf(routeType));

    private static string? Layer(JsonElement feature) => feature.GetProperty("properties").GetProperty("layer").GetString();

    private static IEnumerable<(double Lon, double Lat)> Positions(JsonElement geometry)
    {
        var c = geometry.GetProperty("coordinates");
        return geometry.GetProperty("type").GetString() switch
        {
            "Point" => [(c[0].GetDouble(), c[1].GetDouble())],
            "LineString" => c.EnumerateArray().Select(p => (p[0].GetDouble(), p[1].GetDouble())),
            _ => c.EnumerateArray().SelectMany(l => l.EnumerateArray()).Select(p => (p[0].GetDouble(), p[1].GetDouble())),
        };
    }
}
