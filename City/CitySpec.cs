using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Mobility.City;

/// <summary>
/// What to generate: a seed and the knobs of the city's shape. The presets (<see cref="Preset"/>) cover a village up to
/// a metropolis of a million street nodes; every knob can be overridden with <c>with</c>. Two equal specs always give
/// byte-identical files (<see cref="Hash"/> names the generation in the manifest).
/// </summary>
public sealed record CitySpec
{
    public const int MaxGridBlocks = 1_000;

    public long Seed { get; init; } = 42;

    public string Name { get; init; } = "Valmont";

    public string PresetName { get; init; } = "custom";

    /// <summary>The fictional centre, on the Rhône plain (Europe/Paris).</summary>
    public double CentreLatitude { get; init; } = 45.76;

    public double CentreLongitude { get; init; } = 4.84;

    public string TimeZone { get; init; } = "Europe/Paris";

    /// <summary>Blocks west-east; the grid has Columns + 1 north-south streets.</summary>
    public int Columns { get; init; } = 40;

    /// <summary>Blocks south-north; the grid has Rows + 1 west-east streets.</summary>
    public int Rows { get; init; } = 36;

    public double BlockMeters { get; init; } = 110;

    /// <summary>Shape nodes between two intersections (curvature; they dominate the node count).</summary>
    public int ShapeNodesPerSegment { get; init; } = 2;

    /// <summary>Every n-th street line is a secondary arterial.</summary>
    public int SecondaryEvery { get; init; } = 5;

    /// <summary>Every n-th street line is a primary arterial (a multiple of <see cref="SecondaryEvery"/>).</summary>
    public int PrimaryEvery { get; init; } = 20;

    /// <summary>Share of residential segments removed to break the perfect grid (never disconnecting a node).</summary>
    public double MissingSegmentShare { get; init; } = 0.06;

    /// <summary>One bus corridor every n secondary arterials (per direction of the grid).</summary>
    public int BusCorridorStride { get; init; } = 2;

    /// <summary>One tram corridor every n primary arterials (0: no tram).</summary>
    public int TramCorridorStride { get; init; } = 1;

    public int BusStopEvery { get; init; } = 4;

    public int TramStopEvery { get; init; } = 5;

    /// <summary>A corridor longer than this is cut into several lines that share their end stop.</summary>
    public int MaxStopsPerLine { get; init; } = 26;

    /// <summary>Multiplies every headway of the timetable (2.0: half the trips).</summary>
    public double HeadwayFactor { get; init; } = 1.0;

    public DateOnly ServiceStart { get; init; } = new(2026, 1, 1);

    public int ServiceDays { get; init; } = 730;

    /// <summary>A docked bike-share station every n blocks in both directions, within the central area.</summary>
    public int StationEvery { get; init; } = 3;

    /// <summary>Radius of the bike-share area as a share of the city's half-width.</summary>
    public double SharedMobilityAreaShare { get; init; } = 0.6;

    public int FreeFloatingVehicles { get; init; } = 120;

    /// <summary>The GBFS snapshot time (last_updated); fixed so that a seed gives the same bytes.</summary>
    public DateTimeOffset GbfsLastUpdated { get; init; } = new(2026, 1, 5, 8, 0, 0, TimeSpan.FromHours(1));

    public int GbfsTtlSeconds { get; init; } = 60;

    /// <summary>Base URL written into gbfs.json; readers of the folder resolve files by name.</summary>
    public string GbfsBaseUrl { get; init; } = "http://127.0.0.1:5080/gbfs/demo/";

    public static IReadOnlyList<string> PresetNames { get; } = ["village", "town", "city", "metropolis"];

    /// <summary>
    /// The named sizes. village: ~1.5k street nodes; town: ~21k nodes; city (benchmark): ~200k nodes, ~2,000 stops,
    /// ~20,000 trips; metropolis (benchmark): ~1,000,000 nodes and thousands of stops.
    /// </summary>
    public static CitySpec Preset(string name, long seed = 42) => name.ToLowerInvariant() switch
    {
        "village" => new CitySpec
        {
            Seed = seed, PresetName = "village", Name = "Valmont-le-Petit", Columns = 16, Rows = 14, BlockMeters = 100,
            ShapeNodesPerSegment = 1, SecondaryEvery = 4, PrimaryEvery = 8, BusCorridorStride = 1, TramCorridorStride = 1,
            BusStopEvery = 3, TramStopEvery = 4, StationEvery = 3, FreeFloatingVehicles = 25, HeadwayFactor = 2.0,
        },
        "town" => new CitySpec { Seed = seed, PresetName = "town", Columns = 70, Rows = 60 },
        "city" => new CitySpec
        {
            Seed = seed, PresetName = "city", Columns = 203, Rows = 203, MaxStopsPerLine = 60, HeadwayFactor = 1.25, BusStopEvery = 5, StationEvery = 4, FreeFloatingVehicles = 1_500,
            TramCorridorStride = 2, SharedMobilityAreaShare = 0.5,
        },
        "metropolis" => new CitySpec
        {
            Seed = seed, PresetName = "metropolis", Name = "Grand Valmont", Columns = 455, Rows = 455, StationEvery = 5,
            FreeFloatingVehicles = 6_000, TramCorridorStride = 2, SharedMobilityAreaShare = 0.4, HeadwayFactor = 1.5,
        },
        _ => throw new ArgumentException(
            $"Unknown city size '{name}'; expected one of {string.Join(", ", PresetNames)}.", nameof(name)),
    };

    /// <summary>Every reason this spec cannot be generated; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add(message);
            }
        }

        Check(!string.IsNullOrWhiteSpace(Name) && Name.Length <= 100, "Name must be 1-100 characters.");
        Check(CentreLatitude is >= -80 and <= 80, "CentreLatitude must be within [-80, 80].");
        Check(CentreLongitude is >= -180 and <= 180, "CentreLongitude must be within [-180, 180].");
        Check(IsTimeZone(TimeZone), $"TimeZone '{TimeZone}' is not a known IANA time zone.");
        Check(Columns is >= 6 and <= MaxGridBlocks, $"Columns must be within [6, {MaxGridBlocks}].");
        Check(Rows is >= 6 and <= MaxGridBlocks, $"Rows must be within [6, {MaxGridBlocks}].");
        Check(BlockMeters is >= 50 and <= 500, "BlockMeters must be within [50, 500].");
        Check(ShapeNodesPerSegment is >= 0 and <= 8, "ShapeNodesPerSegment must be within [0, 8].");
        Check(SecondaryEvery is >= 2 and <= 50, "SecondaryEvery must be within [2, 50].");
        Check(PrimaryEvery >= SecondaryEvery && PrimaryEvery % Math.Max(1, SecondaryEvery) == 0 && PrimaryEvery <= 200,
            "PrimaryEvery must be a multiple of SecondaryEvery, at most 200.");
        Check(MissingSegmentShare is >= 0 and <= 0.3, "MissingSegmentShare must be within [0, 0.3].");
        Check(BusCorridorStride is >= 1 and <= 100, "BusCorridorStride must be within [1, 100].");
        Check(TramCorridorStride is >= 0 and <= 100, "TramCorridorStride must be within [0, 100].");
        Check(BusStopEvery is >= 1 and <= 20 && TramStopEvery is >= 1 and <= 20, "Stop spacing must be within [1, 20] blocks.");
        Check(MaxStopsPerLine is >= 3 and <= 200, "MaxStopsPerLine must be within [3, 200].");
        Check(HeadwayFactor is >= 0.25 and <= 20, "HeadwayFactor must be within [0.25, 20].");
        Check(ServiceDays is >= 1 and <= 1_100, "ServiceDays must be within [1, 1100].");
        Check(StationEvery is >= 1 and <= 50, "StationEvery must be within [1, 50].");
        Check(SharedMobilityAreaShare is > 0 and <= 1, "SharedMobilityAreaShare must be within (0, 1].");
        Check(FreeFloatingVehicles is >= 0 and <= 1_000_000, "FreeFloatingVehicles must be within [0, 1000000].");
        Check(GbfsTtlSeconds is >= 0 and <= 86_400, "GbfsTtlSeconds must be within [0, 86400].");
        Check(Uri.TryCreate(GbfsBaseUrl, UriKind.Absolute, out _) && GbfsBaseUrl.EndsWith('/'), "GbfsBaseUrl must be an absolute URL ending with '/'.");
        return errors;
    }

    public void EnsureValid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid city spec: " + string.Join(" ", errors));
        }
    }

    /// <summary>A canonical, culture-invariant text of every knob; its SHA-256 names a generation.</summary>
    public string CanonicalText() => string.Join('\n',
        FormattableString.Invariant($"seed={Seed}"), $"name={Name}", $"preset={PresetName}",
        FormattableString.Invariant($"centre={CentreLatitude:R},{CentreLongitude:R}"), $"tz={TimeZone}",
        FormattableString.Invariant($"grid={Columns}x{Rows}@{BlockMeters:R}/{ShapeNodesPerSegment}"),
        FormattableString.Invariant($"arterials={SecondaryEvery},{PrimaryEvery},{MissingSegmentShare:R}"),
        FormattableString.Invariant($"transit={BusCorridorStride},{TramCorridorStride},{BusStopEvery},{TramStopEvery},{MaxStopsPerLine},{HeadwayFactor:R}"),
        $"service={ServiceStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}+{ServiceDays.ToString(CultureInfo.InvariantCulture)}",
        FormattableString.Invariant($"gbfs={StationEvery},{SharedMobilityAreaShare:R},{FreeFloatingVehicles},{GbfsLastUpdated.ToUnixTimeSeconds()},{GbfsTtlSeconds},{GbfsBaseUrl}"));

    /// <summary>Hex SHA-256 of <see cref="CanonicalText"/> and the generator's format version.</summary>
    public string Hash() => Convert.ToHexStringLower(
        SHA256.HashData(Encoding.UTF8.GetBytes($"generator={CityGenerator.FormatVersion}\n{CanonicalText()}")));

    private static bool IsTimeZone(string id)
    {
        try
        {
            _ = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return false;
        }
    }
}
