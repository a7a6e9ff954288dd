using System.Text.Json;

namespace Mobility.City;

/// <summary>
/// Writes a GBFS v2.3 feed folder for the city's bike-share and scooter operator: discovery (gbfs.json),
/// system_information, vehicle_types, station_information, station_status (docked bikes and e-bikes),
/// free_bike_status (free-floating scooters and e-bikes), system_pricing_plans and geofencing_zones.
/// Stations sit on intersections; free vehicles along existing street segments.
/// </summary>
internal sealed partial class GbfsCityWriter
{
    public const string Version = "2.3";
    public const string BikeType = "bike";
    public const string EBikeType = "ebike";
    public const string ScooterType = "scooter";
    private const int ScooterRange = 35_000;
    private const int EBikeRange = 60_000;

    private static readonly string[] Feeds =
    [
        "system_information", "vehicle_types", "station_information", "station_status", "free_bike_status",
        "system_pricing_plans", "geofencing_zones",
    ];

    private readonly StreetGrid _g;
    private readonly CitySpec _spec;
    private readonly string _dir;
    private readonly long _lastUpdated;
    private readonly List<int> _stations = [];

    private GbfsCityWriter(StreetGrid grid, string directory)
    {
        _g = grid;
        _spec = grid.Spec;
        _dir = directory;
        _lastUpdated = _spec.GbfsLastUpdated.ToUnixTimeSeconds();
        ChooseStations();
    }

    public static GbfsStats Write(StreetGrid grid, string directory)
    {
        Directory.CreateDirectory(directory);
        var writer = new GbfsCityWriter(grid, directory);
        writer.WriteDiscovery();
        writer.WriteSystemInformation();
        writer.WriteVehicleTypes();
        writer.WriteStationInformation();
        var docked = writer.WriteStationStatus();
        var free = writer.WriteFreeBikeStatus();
        writer.WritePricingPlans();
        var zones = writer.WriteGeofencingZones();
        return new GbfsStats(writer._stations.Count, docked, free, zones);
    }

    public static IReadOnlyList<string> FeedNames => Feeds;

    private string SystemId => "velo-" + Slug(_spec.Name);

    private void ChooseStations()
    {
        var every = _spec.StationEvery;
        for (var j = 0; j < _g.NodesY; j += every)
        {
            for (var i = 0; i < _g.NodesX; i += every)
            {
                if (_g.CentreDistance(i, j) <= _spec.SharedMobilityAreaShare && _g.Degree(i, j) > 0)
                {
                    _stations.Add(_g.Intersection(i, j));
                }
            }
        }
    }

    private void File(string feed, Action<Utf8JsonWriter> data)
    {
        using var stream = new FileStream(Path.Combine(_dir, feed + ".json"), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("last_updated", _lastUpdated);
        w.WriteNumber("ttl", _spec.GbfsTtlSeconds);
        w.WriteString("version", Version);
        w.WritePropertyName("data");
        w.WriteStartObject();
        data(w);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private void WriteDiscovery() => File("gbfs", w =>
    {
        w.WriteStartObject("fr");
        w.WriteStartArray("feeds");
        foreach (var feed in Feeds)
        {
            w.WriteStartObject();
            w.WriteString("name", feed);
            w.WriteString("url", _spec.GbfsBaseUrl + feed + ".json");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private void WriteSystemInformation() => File("system_information", w =>
    {
        w.WriteString("system_id", SystemId);
        w.WriteString("language", "fr");
        w.WriteString("name", $"Vélo {_spec.Name}");
        w.WriteString("short_name", "VéloV");
        w.WriteString("operator", $"{_spec.Name} Mobilités");
        w.WriteString("url", "https://velo.example.org/");
        w.WriteString("start_date", "2024-04-01");
        w.WriteString("phone_number", "+33400000003");
        w.WriteString("email", "contact@velo.example.org");
        w.WriteString("feed_contact_email", "gbfs@velo.example.org");
        w.WriteString("timezone", _spec.TimeZone);
        w.WriteString("license_url", "https://opendatacommons.org/licenses/odbl/1-0/");
    });

    private void WriteVehicleTypes() => File("vehicle_types", w =>
    {
        w.WriteStartArray("vehicle_types");
        VehicleType(w, BikeType, "bicycle", "human", "Vélo mécanique", null, "any_station", "bike-plan");
        VehicleType(w, EBikeType, "bicycle", "electric_assist", "Vélo à assistance électrique", EBikeRange, "hybrid", "ebike-plan");
        VehicleType(w, ScooterType, "scooter_standing", "electric", "Trottinette électrique", ScooterRange, "free_floating", "scooter-plan");
        w.WriteEndArray();
    });

    private static void VehicleType(Utf8JsonWriter w, string id, string form, string propulsion, string name, int? range, string returnConstraint, string plan)
    {
        w.WriteStartObject();
        w.WriteString("vehicle_type_id", id);
        w.WriteString("form_factor", form);
        w.WriteString("propulsion_type", propulsion);
        if (range is { } r)
        {
            w.WriteNumber("max_range_meters", r);
        }

        w.WriteString("name", name);
        w.WriteNumber("wheel_count", 2);
        w.WriteNumber("max_permitted_speed", form == "scooter_standing" ? 20 : 25);
        w.WriteString("return_constraint", returnConstraint);
        w.WriteString("default_pricing_plan_id", plan);
        w.WriteStartArray("pricing_plan_ids");
        w.WriteStringValue(plan);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Coordinate(Utf8JsonWriter w, string name, string text)
    {
        w.WritePropertyName(name);
        w.WriteRawValue(text, skipInputValidation: true);
    }

    private static string Slug(string name)
    {
        var chars = name.ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormD)
            .Where(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or ' ' or '-').Select(c => c == ' ' ? '-' : c);
        return new string([.. chars]);
    }
}

/// <summary>Counts of the written GBFS feed.</summary>
public sealed record GbfsStats(int Stations, int DockedVehicles, int FreeVehicles, int GeofencingZones);
