using System.ComponentModel;
using System.Diagnostics;
using System.IO.Compression;
using Mobility.Routing.SharedMobility.Gbfs;
using Mobility.City;
using OsmSharp;
using OsmSharp.Streams;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

internal sealed class CityCheckSettings : CommandSettings
{
    [CommandArgument(0, "<DIR>")]
    [Description("A folder written by 'city generate'.")]
    public string Directory { get; init; } = string.Empty;

    [CommandOption("--lookups <N>")]
    [Description("Geofencing and pricing lookups to time (default 200,000).")]
    public int Lookups { get; init; } = 200_000;

    public override ValidationResult Validate() =>
        Lookups is < 1 or > 10_000_000 ? ValidationResult.Error("--lookups must be within [1, 10000000].")
        : System.IO.Directory.Exists(Directory) ? ValidationResult.Success()
        : ValidationResult.Error($"No folder '{Directory}'.");
}

/// <summary>
/// Reads a generation back as a consumer would and times it: the manifest's hashes, the OSM PBF (counts and
/// references), the GTFS (referential integrity, ordering), the GBFS feed through the project's reader, then
/// geofencing and pricing lookups (p50/p95/p99). Exits non-zero when a check fails.
/// </summary>
internal sealed class CityCheckCommand : AsyncCommand<CityCheckSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, CityCheckSettings settings, CancellationToken cancellationToken)
    {
        var dir = Path.GetFullPath(settings.Directory);
        var manifest = CityManifest.TryLoad(dir);
        if (manifest is null)
        {
            AnsiConsole.MarkupLine($"[red]No readable {CityManifest.FileName} in {Markup.Escape(dir)}.[/]");
            return 2;
        }

        var table = new Table().AddColumns("check", "result", "time", "rate");
        var failures = 0;
        void Row(string check, bool ok, string result, TimeSpan time, string rate)
        {
            failures += ok ? 0 : 1;
            table.AddRow(check, ok ? Markup.Escape(result) : $"[red]{Markup.Escape(result)}[/]", $"{time.TotalMilliseconds:N0} ms", rate);
        }

        var sw = Stopwatch.StartNew();
        var bytes = manifest.Files.Sum(f => f.Bytes);
        var hashesOk = manifest.Files.All(f => ManifestFile.HashFile(Path.Combine(dir, f.Path)) == f.Sha256);
        Row("manifest SHA-256", hashesOk, $"{manifest.Files.Count} files", sw.Elapsed, $"{bytes / 1048576.0 / sw.Elapsed.TotalSeconds:N0} MiB/s");

        sw.Restart();
        var (nodes, ways, relations, badRefs) = ReadOsm(Path.Combine(dir, CityGenerator.OsmFileName));
        var s = manifest.Stats;
        Row("OSM PBF read", badRefs == 0 && nodes == s.OsmNodes && ways == s.OsmWays && relations == s.OsmRelations,
            $"{nodes:N0} nodes, {ways:N0} ways, {relations:N0} relations, {badRefs} bad references", sw.Elapsed, $"{(nodes + ways) / sw.Elapsed.TotalSeconds:N0} elements/s");

        sw.Restart();
        var (rows, gtfsProblems) = CheckGtfs(Path.Combine(dir, CityGenerator.GtfsFileName));
        Row("GTFS integrity", gtfsProblems.Count == 0, gtfsProblems.Count == 0 ? $"{rows:N0} stop_times rows" : gtfsProblems[0], sw.Elapsed, $"{rows / sw.Elapsed.TotalSeconds:N0} rows/s");

        sw.Restart();
        var gbfs = await GbfsReader.ReadFolderAsync(Path.Combine(dir, CityGenerator.GbfsFolderName), TimeProvider.System,
            GbfsReadOptions.AnyAge, cancellationToken);
        Row("GBFS read", gbfs.Succeeded, gbfs.Succeeded ? $"{gbfs.Snapshot!.Stations.Length:N0} stations, {gbfs.Snapshot.Vehicles.Length:N0} vehicles" : gbfs.Errors[0].ToString(),
            sw.Elapsed, string.Empty);
        if (gbfs.Snapshot is { } snapshot)
        {
            TimeLookups(snapshot, settings.Lookups, table);
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(failures == 0 ? "[green]All checks passed.[/]" : $"[red]{failures} check(s) failed.[/]");
        return failures == 0 ? 0 : 1;
    }

    private static (long Nodes, long Ways, long Relations, long BadRefs) ReadOsm(string path)
    {
        // Node ids are dense (1..N), so a bit set checks references without a hash set of a million longs.
        using var stream = File.OpenRead(path);
        var seen = new System.Collections.BitArray(1 << 20);
        long nodes = 0, ways = 0, relations = 0, bad = 0;
        foreach (var element in new PBFOsmStreamSource(stream))
        {
            switch (element)
            {
                case OsmSharp.Node n:
                    var id = (int)n.Id!.Value;
                    if (id >= seen.Length)
                    {
                        seen.Length = Math.Max(id + 1, seen.Length * 2);
                    }

                    seen[id] = true;
                    nodes++;
                    break;
                case Way w:
                    bad += w.Nodes.Count(r => r >= seen.Length || !seen[(int)r]);
                    ways++;
                    break;
                case Relation:
                    relations++;
                    break;
            }
        }

        return (nodes, ways, relations, bad);
    }

    private static (long Rows, List<string> Problems) CheckGtfs(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var problems = new List<string>();
        HashSet<string> Ids(string file, string column) => [.. Rows(zip, file).Select(r => r[column])];
        var stops = Ids("stops.txt", "stop_id");
        var trips = Ids("trips.txt", "trip_id");
        var routes = Ids("routes.txt", "route_id");
        var services = Ids("calendar.txt", "service_id");
        services.UnionWith(Ids("calendar_dates.txt", "service_id"));
        foreach (var t in Rows(zip, "trips.txt").Where(t => !routes.Contains(t["route_id"]) || !services.Contains(t["service_id"])).Take(1))
        {
            problems.Add($"trips.txt: trip {t["trip_id"]} names an unknown route or service");
        }

        long rows = 0;
        string? trip = null;
        int lastSequence = -1, lastTime = -1;
        foreach (var st in Rows(zip, "stop_times.txt"))
        {
            rows++;
            var sequence = int.Parse(st["stop_sequence"], System.Globalization.CultureInfo.InvariantCulture);
            var arrival = Seconds(st["arrival_time"]);
            var departure = Seconds(st["departure_time"]);
            if (st["trip_id"] != trip)
            {
                trip = st["trip_id"];
                lastSequence = -1;
                lastTime = -1;
            }

            if (problems.Count < 5 && (!trips.Contains(trip) || !stops.Contains(st["stop_id"]) || sequence <= lastSequence || arrival < lastTime || departure < arrival))
            {
                problems.Add($"stop_times.txt row {rows}: trip {trip} stop {st["stop_id"]} breaks references or ordering");
            }

            lastSequence = sequence;
            lastTime = departure;
        }

        return (rows, problems);
    }

    private static int Seconds(string time)
    {
        var p = time.Split(':');
        return (int.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture) * 3600) + (int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture) * 60) + int.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Rows of a GTFS table as column -> value (RFC 4180 quoting).</summary>
    private static IEnumerable<Dictionary<string, string>> Rows(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidDataException($"{name} is missing from the feed.");
        using var reader = new StreamReader(entry.Open());
        var header = Split(reader.ReadLine() ?? string.Empty);
        while (reader.ReadLine() is { } line)
        {
            var fields = Split(line);
            var row = new Dictionary<string, string>(header.Count);
            for (var i = 0; i < header.Count && i < fields.Count; i++)
            {
                row[header[i]] = fields[i];
            }

            yield return row;
        }
    }

    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                current.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }

    private static void TimeLookups(GbfsSnapshot snapshot, int count, Table table)
    {
        var vehicles = snapshot.Vehicles.Where(v => v.Latitude is not null).ToArray();
        if (vehicles.Length == 0)
        {
            return;
        }

        var at = snapshot.Feeds["geofencing_zones"].LastUpdated;
        var samples = new long[count];
        var allowed = 0;
        for (var i = 0; i < count; i++)
        {
            var v = vehicles[i % vehicles.Length];
            // Spread the probes a few hundred metres around the vehicles, deterministically.
            var dLat = ((i * 7919 % 1000) - 500) * 4e-6;
            var dLon = ((i * 104729 % 1000) - 500) * 6e-6;
            var t0 = Stopwatch.GetTimestamp();
            var ok = snapshot.Geofencing.CanEndRide(v.Latitude!.Value + dLat, v.Longitude!.Value + dLon, v.TypeId, at);
            samples[i] = Stopwatch.GetTimestamp() - t0;
            allowed += ok ? 1 : 0;
        }

        table.AddRow("geofencing RuleAt", $"{count:N0} lookups, {100.0 * allowed / count:F1} % may end", Percentiles(samples), $"{count / (samples.Sum() / (double)Stopwatch.Frequency):N0}/s");

        var plans = snapshot.PricingPlans.Values.ToArray();
        var priceSamples = new long[count];
        decimal total = 0;
        for (var i = 0; i < count; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            total += plans[i % plans.Length].Cost(TimeSpan.FromSeconds(i % 5400), i % 20_000);
            priceSamples[i] = Stopwatch.GetTimestamp() - t0;
        }

        table.AddRow("pricing Cost", $"{count:N0} rides, mean {total / count:F2} {plans[0].Currency}", Percentiles(priceSamples), $"{count / (priceSamples.Sum() / (double)Stopwatch.Frequency):N0}/s");
    }

    private static string Percentiles(long[] ticks)
    {
        Array.Sort(ticks);
        double Ns(double q) => ticks[(int)Math.Min(ticks.Length - 1, q * ticks.Length)] * 1e9 / Stopwatch.Frequency;
        return $"p50 {Ns(0.50):N0} ns, p95 {Ns(0.95):N0} ns, p99 {Ns(0.99):N0} ns";
    }
}
