using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Feeds;

/// <summary>
/// An operator's accepted GTFS upload becomes its timetable in the planner: <c>/plan</c> rides its trips; a second
/// version replaces the first in one swap (queries running during it see one version or the other, never both); a
/// refused upload changes nothing and the previous version still answers.
/// </summary>
public sealed class GtfsUploadPlanTests(VillageNode village) : IClassFixture<VillageNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_accepted_upload_is_planned_on_a_new_version_swaps_whole_and_a_refused_one_changes_nothing()
    {
        var node = village.Node;
        using var op = await node.ClientAsAsync(Roles.Operator, "op-a");
        await op.PostAsJsonAsync(new Uri("/operators", UriKind.Relative), new { id = "op-a", name = "Shuttle A" }, Ct);
        var (a, b, zone) = FarApartStops(village);
        var plan = $"/plan?from={a.Lat.ToString(CultureInfo.InvariantCulture)},{a.Lon.ToString(CultureInfo.InvariantCulture)}&to={b.Lat.ToString(CultureInfo.InvariantCulture)},{b.Lon.ToString(CultureInfo.InvariantCulture)}&depart={village.Tuesday8}&modes=walk,transit";

        Assert.DoesNotContain("U9", await RoutesAsync(node, plan));

        using (var accepted = await UploadAsync(op, Shuttle("U9", a, b, zone)))
        {
            var body = await accepted.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            Assert.Equal("served by the planner", body.GetProperty("planner").GetString());
            Assert.Equal(1, body.GetProperty("version").GetInt32());
        }

        Assert.Contains("U9", await RoutesAsync(node, plan));
        var area = await node.Http.GetFromJsonAsync<JsonElement>(new Uri("/plan/area", UriKind.Relative), Ct);
        Assert.Contains("op-a", area.GetProperty("source").GetString(), StringComparison.Ordinal);

        // Version 2 (route U10) while queries run: each answer rides U9 or U10, never both; then only U10.
        using var stop = new CancellationTokenSource();
        var answers = new List<HashSet<string>>();
        var queries = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var routes = await RoutesAsync(node, plan);
                lock (answers)
                {
                    answers.Add(routes);
                }
            }
        }, Ct)).ToList();
        using (var second = await UploadAsync(op, Shuttle("U10", a, b, zone)))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            Assert.Equal(2, (await second.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("version").GetInt32());
        }

        await Task.Delay(300, Ct);
        await stop.CancelAsync();
        await Task.WhenAll(queries);
        Assert.NotEmpty(answers);
        Assert.DoesNotContain(answers, r => r.Contains("U9") && r.Contains("U10"));
        Assert.Contains(answers, r => r.Contains("U9") || r.Contains("U10"));
        var after = await RoutesAsync(node, plan);
        Assert.Contains("U10", after);
        Assert.DoesNotContain("U9", after);

        // A refused upload (a stop off the globe) names file and line, and U10 still answers.
        var broken = Shuttle("U11", a, b, zone);
        broken["stops.txt"] = broken["stops.txt"].Replace(b.Lat.ToString(CultureInfo.InvariantCulture), "999", StringComparison.Ordinal);
        using (var refused = await UploadAsync(op, broken))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(Ct);
            var errors = problem.GetProperty("errors").GetProperty("file").EnumerateArray().Select(e => e.GetString()!).ToList();
            Assert.Contains(errors, e => e.StartsWith("stops.txt:3 [stop_lat]", StringComparison.Ordinal));
        }

        var still = await RoutesAsync(node, plan);
        Assert.Contains("U10", still);
        Assert.DoesNotContain("U11", still);
        var feeds = await op.GetFromJsonAsync<JsonElement>(new Uri("/operators/op-a/feeds", UriKind.Relative), Ct);
        Assert.Equal(2, feeds.GetProperty("versions").EnumerateArray().Count(v => v.GetProperty("kind").GetString() == "gtfs"));
        var current = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(village.DataFolder, "feeds", "op-a", "current.json"), Ct)).RootElement;
        Assert.Equal(2, current.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_restart_serves_the_version_that_was_served_and_leaves_out_an_altered_file_without_stopping()
    {
        using var data = new TempFolder();
        var settings = RunningNode.Settings(data.Path, new Dictionary<string, string?>
        {
            ["Mobility:City:Gtfs:0"] = Path.Combine(village.CityFolder, "gtfs.zip"),
            ["Mobility:City:Osm"] = Path.Combine(village.CityFolder, "city.osm.pbf"),
        });
        var (a, b, zone) = FarApartStops(village);
        var plan = $"/plan?from={a.Lat.ToString(CultureInfo.InvariantCulture)},{a.Lon.ToString(CultureInfo.InvariantCulture)}&to={b.Lat.ToString(CultureInfo.InvariantCulture)},{b.Lon.ToString(CultureInfo.InvariantCulture)}&depart={village.Tuesday8}&modes=walk,transit";
        string kept;
        await using (var node = await RunningNode.StartAsync(settings))
        {
            await node.WaitReadyAsync();
            using var op = await node.ClientAsAsync(Roles.Operator, "op-a");
            (await op.PostAsJsonAsync(new Uri("/operators", UriKind.Relative), new { id = "op-a", name = "Shuttle A" }, Ct)).EnsureSuccessStatusCode();
            using var accepted = await UploadAsync(op, Shuttle("U9", a, b, zone));
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            kept = Path.Combine(data.Path, "feeds", "op-a", (await accepted.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("sha256").GetString() + ".zip");
        }

        await using (var again = await RunningNode.StartAsync(settings))
        {
            await again.WaitReadyAsync();
            Assert.Contains("U9", await RoutesAsync(again, plan));
        }

        // The kept file altered behind the node's back: left out with a line, and the node still starts and plans.
        await File.AppendAllTextAsync(kept, "tampered", Ct);
        await using var third = await RunningNode.StartAsync(settings);
        await third.WaitReadyAsync();
        Assert.DoesNotContain("U9", await RoutesAsync(third, plan));
        for (var i = 0; i < 50 && !third.Output.ToString().Contains("Ready.", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100, Ct); // The start-up lines are printed just after readiness turns.
        }

        Assert.Contains("GTFS upload of op-a left out", third.Output.ToString(), StringComparison.Ordinal);
    }

    internal static async Task<HttpResponseMessage> UploadAsync(HttpClient op, Dictionary<string, string> files)
    {
        using var bytes = new MemoryStream();
        using (var zip = new ZipArchive(bytes, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in files)
            {
                await using var entry = await zip.CreateEntry(name).OpenAsync(Ct);
                await entry.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), Ct);
            }
        }

        using var content = new MultipartFormDataContent { { new ByteArrayContent(bytes.ToArray()), "file", "shuttle.zip" } };
        return await op.PostAsync(new Uri("/operators/op-a/feeds/gtfs", UriKind.Relative), content, Ct);
    }

    /// <summary>A shuttle from a to b every 5 minutes, 2 minutes' ride, every day: faster than anything else between them.</summary>
    internal static Dictionary<string, string> Shuttle(string route, (double Lat, double Lon) a, (double Lat, double Lon) b, string zone)
    {
        var times = new System.Text.StringBuilder("trip_id,arrival_time,departure_time,stop_id,stop_sequence\n");
        var trips = new System.Text.StringBuilder("route_id,service_id,trip_id\n");
        for (var minute = 6 * 60; minute < 11 * 60; minute += 5)
        {
            var t = $"t{minute}";
            trips.Append(CultureInfo.InvariantCulture, $"R,ALL,{t}\n");
            times.Append(CultureInfo.InvariantCulture, $"{t},{minute / 60:00}:{minute % 60:00}:00,{minute / 60:00}:{minute % 60:00}:00,A,1\n");
            times.Append(CultureInfo.InvariantCulture, $"{t},{(minute + 2) / 60:00}:{(minute + 2) % 60:00}:00,{(minute + 2) / 60:00}:{(minute + 2) % 60:00}:00,B,2\n");
        }

        return new Dictionary<string, string>
        {
            ["agency.txt"] = $"agency_id,agency_name,agency_url,agency_timezone\nSA,Shuttle A,https://shuttle.example,{zone}\n",
            ["stops.txt"] = string.Create(CultureInfo.InvariantCulture, $"stop_id,stop_name,stop_lat,stop_lon\nA,Shuttle A,{a.Lat},{a.Lon}\nB,Shuttle B,{b.Lat},{b.Lon}\n"),
            ["routes.txt"] = $"route_id,agency_id,route_short_name,route_type\nR,SA,{route},3\n",
            ["trips.txt"] = trips.ToString(),
            ["stop_times.txt"] = times.ToString(),
            ["calendar.txt"] = "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nALL,1,1,1,1,1,1,1,20250101,20291231\n",
        };
    }

    /// <summary>Two stops of the village's own feed about 2 km apart (a walk of 25 minutes, a shuttle of 2), and its time zone.</summary>
    /// <summary>The <c>/plan</c> request from <paramref name="a"/> to <paramref name="b"/> by walking and transit.</summary>
    internal static string PlanPath((double Lat, double Lon) a, (double Lat, double Lon) b, string depart) =>
        $"/plan?from={a.Lat.ToString(CultureInfo.InvariantCulture)},{a.Lon.ToString(CultureInfo.InvariantCulture)}&to={b.Lat.ToString(CultureInfo.InvariantCulture)},{b.Lon.ToString(CultureInfo.InvariantCulture)}&depart={depart}&modes=walk,transit";

    internal static (( double Lat, double Lon) A, (double Lat, double Lon) B, string Zone) FarApartStops(VillageNode village)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(village.CityFolder, "gtfs.zip"));
        string Read(string name)
        {
            using var reader = new StreamReader(zip.GetEntry(name)!.Open());
            return reader.ReadToEnd();
        }

        var agency = Read("agency.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var zone = agency[1].Split(',')[Array.IndexOf(agency[0].Trim().Split(','), "agency_timezone")].Trim();
        var stops = Read("stops.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = stops[0].Trim().Split(',');
        int lat = Array.IndexOf(header, "stop_lat"), lon = Array.IndexOf(header, "stop_lon");
        var points = stops.Skip(1).Select(l => l.Trim().Split(',')).Select(f => (Lat: double.Parse(f[lat], CultureInfo.InvariantCulture), Lon: double.Parse(f[lon], CultureInfo.InvariantCulture))).ToList();
        static double Meters((double Lat, double Lon) p, (double Lat, double Lon) q) =>
            Math.Sqrt(Math.Pow((p.Lat - q.Lat) * 111_320, 2) + Math.Pow((p.Lon - q.Lon) * 111_320 * Math.Cos(p.Lat * Math.PI / 180), 2));
        var pair = points.SelectMany(p => points.Select(q => (p, q))).OrderBy(x => Math.Abs(Meters(x.p, x.q) - 2_000)).First();
        return (pair.p, pair.q, zone);
    }

    internal static async Task<HashSet<string>> RoutesAsync(RunningNode node, string plan)
    {
        using var response = await node.GetAsync(plan);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var root = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return [.. root.GetProperty("itineraries").EnumerateArray().SelectMany(i => i.GetProperty("legs").EnumerateArray())
            .Where(l => l.GetProperty("mode").GetString() == "transit").Select(l => l.GetProperty("route").GetString() ?? string.Empty)];
    }
}
