namespace Mobility.City;

/// <summary>
/// Builds the demo city: <c>city.osm.pbf</c> (streets), <c>gtfs.zip</c> (bus and tram), <c>gbfs/</c> (bike share and
/// scooters) and <c>city-manifest.json</c> in one folder. Same spec, same bytes. Files are written beside their final
/// name and moved into place, and the manifest last, so an interrupted run is never taken for a finished one.
/// </summary>
public static class CityGenerator
{
    /// <summary>Bumped whenever the output of a given spec changes, so that older generations are not reused.</summary>
    public const int FormatVersion = 4;

    public const string OsmFileName = "city.osm.pbf";
    public const string OsmXmlFileName = "city.osm";
    public const string GtfsFileName = "gtfs.zip";
    public const string GbfsFolderName = "gbfs";

    /// <summary>Street nodes up to which <see cref="Generate"/> also writes an OSM XML copy (readable, for small cities).</summary>
    public const long XmlNodeLimit = 50_000;

    /// <summary>Generates the city into <paramref name="outputDirectory"/> (created if absent), replacing an older generation.</summary>
    public static GeneratedCity Generate(CitySpec spec, string outputDirectory, IProgress<CityProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.EnsureValid();
        var dir = Path.GetFullPath(outputDirectory);
        Directory.CreateDirectory(dir);
        File.Delete(Path.Combine(dir, CityManifest.FileName));

        progress?.Report(new CityProgress("Laying out streets", 0.0));
        var grid = new StreetGrid(spec);

        var osmPath = Path.Combine(dir, OsmFileName);
        var osm = WriteAtomically(osmPath, s => OsmCityWriter.WritePbf(grid, s, f => progress?.Report(new CityProgress("Writing OSM streets", 0.02 + (0.5 * f)))));
        var files = new List<string> { OsmFileName };
        var xmlPath = Path.Combine(dir, OsmXmlFileName);
        if (osm.Nodes <= XmlNodeLimit)
        {
            WriteAtomically(xmlPath, s => OsmCityWriter.WriteXml(grid, s));
            files.Add(OsmXmlFileName);
        }
        else
        {
            File.Delete(xmlPath);
        }

        progress?.Report(new CityProgress("Planning transit lines", 0.52));
        var plan = TransitPlan.Build(grid);
        var gtfsPath = Path.Combine(dir, GtfsFileName);
        var gtfs = WriteAtomically(gtfsPath, s => GtfsCityWriter.Write(plan, s, f => progress?.Report(new CityProgress("Writing GTFS timetable", 0.55 + (0.4 * f)))));
        files.Add(GtfsFileName);

        progress?.Report(new CityProgress("Writing GBFS feeds", 0.95));
        var gbfsDir = Path.Combine(dir, GbfsFolderName);
        var gbfsTmp = gbfsDir + ".tmp";
        if (Directory.Exists(gbfsTmp))
        {
            Directory.Delete(gbfsTmp, recursive: true);
        }

        var gbfs = GbfsCityWriter.Write(grid, gbfsTmp);
        if (Directory.Exists(gbfsDir))
        {
            Directory.Delete(gbfsDir, recursive: true);
        }

        Directory.Move(gbfsTmp, gbfsDir);
        files.AddRange(Directory.GetFiles(gbfsDir).Select(f => GbfsFolderName + "/" + Path.GetFileName(f)));

        var stats = new CityStats(osm.Nodes, osm.Ways, osm.Relations, gtfs.Stops, gtfs.Routes, gtfs.Trips, gtfs.StopTimes,
            gtfs.CalendarExceptions, gtfs.ShapePoints, gbfs.Stations, gbfs.DockedVehicles, gbfs.FreeVehicles, gbfs.GeofencingZones,
            new FileInfo(osmPath).Length, new FileInfo(gtfsPath).Length);
        var manifest = CityManifest.Describe(spec, stats, dir, files);
        manifest.Save(dir);
        progress?.Report(new CityProgress("Done", 1.0));
        return Result(spec, dir, stats, reused: false);
    }

    /// <summary>
    /// Reuses the generation in <paramref name="outputDirectory"/> when its manifest names the same spec and every file
    /// is intact (sizes, and SHA-256 when <paramref name="verifyHashes"/>); otherwise generates it. A node calls this
    /// at start, so a restart does not regenerate.
    /// </summary>
    public static GeneratedCity GenerateOrReuse(CitySpec spec, string outputDirectory, IProgress<CityProgress>? progress = null, bool verifyHashes = false)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.EnsureValid();
        var dir = Path.GetFullPath(outputDirectory);
        var manifest = CityManifest.TryLoad(dir);
        if (manifest is not null && manifest.Matches(spec, dir, verifyHashes))
        {
            progress?.Report(new CityProgress("Reused", 1.0));
            return Result(spec, dir, manifest.Stats, reused: true);
        }

        return Generate(spec, dir, progress);
    }

    /// <summary>
    /// Writes only the GBFS feed of the spec's city, stamped <paramref name="lastUpdated"/>, into its own folder (not
    /// covered by the manifest). A node serving the demo city calls it at start so that consumers enforcing ttl see a
    /// fresh feed, while the OSM and GTFS files stay reused.
    /// </summary>
    public static GbfsStats WriteLiveGbfs(CitySpec spec, string directory, DateTimeOffset lastUpdated)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var live = spec with { GbfsLastUpdated = lastUpdated };
        live.EnsureValid();
        return GbfsCityWriter.Write(new StreetGrid(live), Path.GetFullPath(directory));
    }

    private static GeneratedCity Result(CitySpec spec, string dir, CityStats stats, bool reused) => new(
        spec, dir, Path.Combine(dir, OsmFileName), Path.Combine(dir, GtfsFileName), Path.Combine(dir, GbfsFolderName),
        Path.Combine(dir, CityManifest.FileName), stats, reused);

    private static T WriteAtomically<T>(string path, Func<Stream, T> write)
    {
        var tmp = path + ".tmp";
        T result;
        using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16))
        {
            result = write(stream);
        }

        File.Move(tmp, path, overwrite: true);
        return result;
    }
}
