using System.Text.Json;

namespace Mobility.City;

internal sealed partial class GbfsCityWriter
{
    private int Capacity(int q) => 10 + (2 * CityRandom.Below(_spec.Seed, RandomStream.Station, q, 11));

    private void WriteStationInformation() => File("station_information", w =>
    {
        w.WriteStartArray("stations");
        foreach (var q in _stations)
        {
            var p = _g.Geo(q);
            w.WriteStartObject();
            w.WriteString("station_id", StationId(q));
            w.WriteString("name", StreetNames.Crossing(_g, q % _g.NodesX, q / _g.NodesX));
            Coordinate(w, "lat", p.LatText);
            Coordinate(w, "lon", p.LonText);
            w.WriteNumber("capacity", Capacity(q));
            w.WriteBoolean("is_charging_station", q % 2 == 0);
            w.WriteStartArray("rental_methods");
            w.WriteStringValue("key");
            w.WriteStringValue("creditcard");
            w.WriteStringValue("phone");
            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    private static string StationId(int q) => "st-" + q.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private int WriteStationStatus()
    {
        var docked = 0;
        File("station_status", w =>
        {
            w.WriteStartArray("stations");
            foreach (var q in _stations)
            {
                var capacity = Capacity(q);
                var seed = _spec.Seed;
                var bikes = CityRandom.Below(seed, RandomStream.Station, q, capacity + 1, 1);
                var ebikes = CityRandom.Below(seed, RandomStream.Station, q, (bikes / 3) + 1, 2);
                var disabledBikes = bikes > 0 && CityRandom.Chance(seed, RandomStream.Station, q, 0.15, 3) ? 1 : 0;
                var disabledDocks = CityRandom.Chance(seed, RandomStream.Station, q, 0.1, 4) ? 1 : 0;
                var available = bikes - disabledBikes;
                var docks = Math.Max(0, capacity - bikes - disabledDocks);
                var open = !CityRandom.Chance(seed, RandomStream.Station, q, 0.03, 5);
                docked += bikes;
                w.WriteStartObject();
                w.WriteString("station_id", StationId(q));
                w.WriteNumber("num_bikes_available", available);
                w.WriteNumber("num_bikes_disabled", disabledBikes);
                w.WriteStartArray("vehicle_types_available");
                TypeCount(w, BikeType, available - Math.Min(ebikes, available));
                TypeCount(w, EBikeType, Math.Min(ebikes, available));
                w.WriteEndArray();
                w.WriteNumber("num_docks_available", docks);
                w.WriteNumber("num_docks_disabled", disabledDocks);
                w.WriteBoolean("is_installed", true);
                w.WriteBoolean("is_renting", open);
                w.WriteBoolean("is_returning", open);
                w.WriteNumber("last_reported", _lastUpdated - CityRandom.Below(seed, RandomStream.Station, q, 300, 6));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
        return docked;
    }

    private static void TypeCount(Utf8JsonWriter w, string type, int count)
    {
        w.WriteStartObject();
        w.WriteString("vehicle_type_id", type);
        w.WriteNumber("count", count);
        w.WriteEndObject();
    }

    private int WriteFreeBikeStatus()
    {
        var count = _spec.FreeFloatingVehicles;
        File("free_bike_status", w =>
        {
            w.WriteStartArray("bikes");
            var seed = _spec.Seed;
            for (var v = 0; v < count; v++)
            {
                var p = VehiclePosition(v);
                var scooter = CityRandom.Chance(seed, RandomStream.Vehicle, v, 0.65, 1);
                var fuel = 0.1 + (0.9 * CityRandom.Unit(seed, RandomStream.Vehicle, v, 2));
                var range = (int)Math.Round(fuel * (scooter ? ScooterRange : EBikeRange));
                w.WriteStartObject();
                w.WriteString("bike_id", $"v-{seed & 0xFFFF:x4}-{v:D6}");
                Coordinate(w, "lat", p.LatText);
                Coordinate(w, "lon", p.LonText);
                w.WriteBoolean("is_reserved", CityRandom.Chance(seed, RandomStream.Vehicle, v, 0.03, 3));
                w.WriteBoolean("is_disabled", CityRandom.Chance(seed, RandomStream.Vehicle, v, 0.02, 4));
                w.WriteString("vehicle_type_id", scooter ? ScooterType : EBikeType);
                w.WriteNumber("current_range_meters", range);
                w.WriteNumber("current_fuel_percent", Math.Round(fuel, 2));
                w.WriteNumber("last_reported", _lastUpdated - CityRandom.Below(seed, RandomStream.Vehicle, v, 600, 5));
                w.WriteString("pricing_plan_id", scooter ? "scooter-plan" : "ebike-plan");
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
        return count;
    }

    /// <summary>A free vehicle parked along an existing street segment, a few metres off its centre line.</summary>
    private GeoPoint VehiclePosition(int v)
    {
        var seed = _spec.Seed;
        var share = _spec.SharedMobilityAreaShare;
        int i = 0, j = 0;
        for (var attempt = 0; attempt < 16; attempt++)
        {
            i = Math.Clamp((int)Math.Round((_g.Columns / 2.0) + (CityRandom.Signed(seed, RandomStream.Vehicle, v, 10 + attempt) * share * _g.Columns / 2.0)), 0, _g.Columns - 1);
            j = Math.Clamp((int)Math.Round((_g.Rows / 2.0) + (CityRandom.Signed(seed, RandomStream.Vehicle, v, 40 + attempt) * share * _g.Rows / 2.0)), 0, _g.Rows - 1);
            if (_g.CentreDistance(i, j) <= share)
            {
                break;
            }
        }

        var a = _g.Intersection(i, j);
        var b = _g.H[_g.HIndex(i, j)] != StreetClass.None ? _g.Intersection(i + 1, j)
            : _g.V[_g.VIndex(i, j)] != StreetClass.None ? _g.Intersection(i, j + 1) : a;
        var t = 0.2 + (0.6 * CityRandom.Unit(seed, RandomStream.Vehicle, v, 6));
        var x = _g.X[a] + (t * (_g.X[b] - _g.X[a])) + (4 * CityRandom.Signed(seed, RandomStream.Vehicle, v, 7));
        var y = _g.Y[a] + (t * (_g.Y[b] - _g.Y[a])) + (4 * CityRandom.Signed(seed, RandomStream.Vehicle, v, 8));
        return _g.Projection.ToGeo(x, y);
    }

    private void WritePricingPlans() => File("system_pricing_plans", w =>
    {
        w.WriteStartArray("plans");
        Plan(w, "bike-plan", "Vélo : 30 minutes incluses", 1.00m, "Déblocage 1 €, 30 premières minutes gratuites, puis 0,05 € la minute.",
            [(0, 0.00m, 30, 30), (30, 0.05m, 1, null)], []);
        Plan(w, "ebike-plan", "Vélo électrique à la minute", 1.00m, "Déblocage 1 €, puis 0,15 € la minute.", [(0, 0.15m, 1, null)], []);
        Plan(w, "scooter-plan", "Trottinette : minute et kilomètre", 1.00m,
            "Déblocage 1 €, 0,22 € la minute les 20 premières minutes puis 0,18 €, plus 0,10 € par kilomètre au-delà de 5 km.",
            [(0, 0.22m, 1, 20), (20, 0.18m, 1, null)], [(5, 0.10m, 1, null)]);
        w.WriteEndArray();
    });

    private static void Plan(Utf8JsonWriter w, string id, string name, decimal price, string description,
        (int Start, decimal Rate, int Interval, int? End)[] perMinute, (int Start, decimal Rate, int Interval, int? End)[] perKm)
    {
        w.WriteStartObject();
        w.WriteString("plan_id", id);
        w.WriteString("name", name);
        w.WriteString("currency", "EUR");
        w.WriteNumber("price", price);
        w.WriteBoolean("is_taxable", true);
        w.WriteString("description", description);
        Segments(w, "per_min_pricing", perMinute);
        Segments(w, "per_km_pricing", perKm);
        w.WriteEndObject();
    }

    private static void Segments(Utf8JsonWriter w, string name, (int Start, decimal Rate, int Interval, int? End)[] segments)
    {
        if (segments.Length == 0)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var s in segments)
        {
            w.WriteStartObject();
            w.WriteNumber("start", s.Start);
            w.WriteNumber("rate", s.Rate);
            w.WriteNumber("interval", s.Interval);
            if (s.End is { } end)
            {
                w.WriteNumber("end", end);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
