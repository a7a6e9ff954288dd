using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mobility.Node.Snapshots;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Api;

public sealed class PlanEndpointTests(VillageNode village) : IClassFixture<VillageNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Plan_over_real_http_returns_time_consistent_itineraries_for_random_pairs()
    {
        var random = new Random(11);
        for (var q = 0; q < 12; q++)
        {
            var arriveBy = q % 3 == 2;
            var (from, to) = (RandomPoint(random), RandomPoint(random));
            var time = arriveBy ? village.Tuesday8.Replace("T08", "T09", StringComparison.Ordinal) : village.Tuesday8;
            using var response = await village.Node.GetAsync($"/plan?from={from}&to={to}&{(arriveBy ? "arriveBy" : "depart")}={time}&modes=walk,transit,bike,bikeshare");
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            var root = JsonDocument.Parse(body).RootElement;
            var requested = DateTimeOffset.Parse(root.GetProperty("time").GetString()!, CultureInfo.InvariantCulture);
            var itineraries = root.GetProperty("itineraries");
            Assert.True(itineraries.GetArrayLength() > 0, body); // The village is small: a walk always exists.
            foreach (var itinerary in itineraries.EnumerateArray())
            {
                var legs = itinerary.GetProperty("legs").EnumerateArray().ToList();
                Assert.NotEmpty(legs);
                Assert.Equal(Time(legs[0], "departure"), Time(itinerary, "departure"));
                Assert.Equal(Time(legs[^1], "arrival"), Time(itinerary, "arrival"));
                if (arriveBy)
                {
                    Assert.True(Time(itinerary, "arrival") <= requested, $"arrives after the deadline: {body}");
                }
                else
                {
                    Assert.True(Time(itinerary, "departure") >= requested, $"leaves before the requested time: {body}");
                }

                for (var i = 0; i < legs.Count; i++)
                {
                    var leg = legs[i];
                    Assert.True(Time(leg, "departure") <= Time(leg, "arrival"), body);

                    // Every time of one answer is written in the feed's zone (issue 11): the offset of the request's time.
                    Assert.Equal(requested.Offset, DateTimeOffset.Parse(leg.GetProperty("departure").GetString()!, CultureInfo.InvariantCulture).Offset);
                    Assert.Equal(requested.Offset, DateTimeOffset.Parse(leg.GetProperty("arrival").GetString()!, CultureInfo.InvariantCulture).Offset);
                    Assert.True(i == 0 || Time(legs[i - 1], "arrival") <= Time(leg, "departure"), $"leg {i} leaves before the previous one arrives: {body}");
                    Assert.True(leg.GetProperty("distanceMeters").GetDouble() >= 0);
                    Assert.Equal("LineString", leg.GetProperty("geometry").GetProperty("type").GetString());
                    Assert.True(leg.GetProperty("geometry").GetProperty("coordinates").GetArrayLength() >= 2, body);
                    if (leg.GetProperty("mode").GetString() == "transit")
                    {
                        Assert.False(string.IsNullOrEmpty(leg.GetProperty("operator").GetString()));
                        Assert.False(string.IsNullOrEmpty(leg.GetProperty("route").GetString()));
                        Assert.False(string.IsNullOrEmpty(leg.GetProperty("from").GetProperty("stopId").GetString()));
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData("from=abc&to={TO}", "from")]
    [InlineData("to={TO}", "from")]
    [InlineData("from=91,0&to={TO}", "from")]
    [InlineData("from={FROM}&to=0,0", "to")]
    [InlineData("from={FROM}&to=NaN,1", "to")]
    [InlineData("from={FROM}&to={TO}&depart=tomorrow", "depart")]
    [InlineData("from={FROM}&to={TO}&depart=1999-01-05T08:00", "depart")]
    [InlineData("from={FROM}&to={TO}&depart=2099-01-06T08:00", "depart")]
    [InlineData("from={FROM}&to={TO}&arriveBy=2026-13-01T08:00", "arriveBy")]
    [InlineData("from={FROM}&to={TO}&depart={TIME}&arriveBy={TIME}", "arriveBy")]
    [InlineData("from={FROM}&to={TO}&modes=walk,car", "modes")]
    [InlineData("from={FROM}&to={TO}&modes=,", "modes")]
    [InlineData("from={FROM}&to={TO}&modes=walk,teleport", "modes")]
    [InlineData("from={FROM}&to={TO}&modes=bikeshare,carpool,car-pr,hovercraft", "modes")]
    [InlineData("from=48.8566,2.3522&to={TO}&modes=walk,bikeshare", "from")]
    [InlineData("from={FROM}&to=-45,170&modes=carpool", "to")]
    [InlineData("from={FROM}&to={TO}&modes=carpool&window=600", "window")]
    [InlineData("from={FROM}&to={TO}&modes=carpool&window=2", "window")]
    [InlineData("from={FROM}&to={TO}&modes=carpool&window=1.5", "window")]
    [InlineData("from={FROM}&to={TO}&modes=carpool&window=-30", "window")]
    [InlineData("from=45.000000000000000000000000000000000000000000000000000000000000001,5&to={TO}", "from")]
    [InlineData("from={FROM}&to={TO}&rider=../youth", "rider")]
    [InlineData("from={FROM}&to={TO}&rider=", "rider")]
    public async Task Bad_input_is_a_400_problem_naming_the_parameter(string query, string parameter)
    {
        var centre = string.Create(CultureInfo.InvariantCulture, $"{(village.Area.MinLat + village.Area.MaxLat) / 2:0.######},{(village.Area.MinLon + village.Area.MaxLon) / 2:0.######}");
        query = query.Replace("{FROM}", centre, StringComparison.Ordinal).Replace("{TO}", centre, StringComparison.Ordinal).Replace("{TIME}", village.Tuesday8, StringComparison.Ordinal);
        using var response = await village.Node.GetAsync("/plan?" + query);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(parameter, out _), body);
    }

    [Fact]
    public async Task Plan_is_described_in_openapi_and_needs_no_token()
    {
        var doc = JsonDocument.Parse(await (await village.Node.GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync(Ct)).RootElement;
        var plan = doc.GetProperty("paths").GetProperty("/plan").GetProperty("get");
        var names = plan.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "from", "to", "depart", "arriveBy", "modes" }, names);
        Assert.True(plan.GetProperty("responses").TryGetProperty("400", out _));
    }

    [Fact]
    public async Task A_snapshot_swap_during_concurrent_plan_requests_never_fails_a_request()
    {
        var source = village.Node.Host.Services.GetRequiredService<IRoutingSnapshotSource>();
        var folder = village.CityFolder;
        var fresh = RoutingSnapshotBuilder.Build([Path.Combine(folder, "gtfs.zip")], Path.Combine(folder, "city.osm.pbf"));
        var old = source.Current!;
        var before = source.Version;
        var random = new Random(5);
        var queries = Enumerable.Range(0, 160).Select(_ => $"/plan?from={RandomPoint(random)}&to={RandomPoint(random)}&depart={village.Tuesday8}").ToArray();

        using var stop = new CancellationTokenSource();
        var swaps = 0;
        var swapper = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                source.Swap(swaps % 2 == 0 ? fresh : old);
                swaps++;
                await Task.Delay(2, CancellationToken.None);
            }
        }, Ct);
        var next = -1;
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var versions = new System.Collections.Concurrent.ConcurrentBag<long>();
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < queries.Length)
            {
                using var response = await village.Node.GetAsync(queries[i]);
                var body = await response.Content.ReadAsStringAsync(Ct);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"{(int)response.StatusCode} {body}");
                    continue;
                }

                var root = JsonDocument.Parse(body).RootElement;
                versions.Add(root.GetProperty("snapshotVersion").GetInt64());
                if (root.GetProperty("itineraries").GetArrayLength() == 0)
                {
                    failures.Add("no itinerary: " + body);
                }
            }
        }, Ct)).ToArray();
        await Task.WhenAll(workers);
        await stop.CancelAsync();
        await swapper;

        Assert.Empty(failures);
        Assert.True(swaps > 1, "the swapper never ran");
        Assert.Equal(before + swaps, source.Version);
        Assert.True(versions.Distinct().Count() > 1, "every request saw the same snapshot: the test did not overlap swaps");
    }

    private string RandomPoint(Random random) => village.RandomPoint(random);

    private static DateTimeOffset Time(JsonElement e, string name) => DateTimeOffset.Parse(e.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);
}
