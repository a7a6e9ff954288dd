using System.Text.Json;

namespace Mobility.City;

internal sealed partial class GbfsCityWriter
{
    /// <summary>
    /// GBFS v2.3 geofencing_zones.json: a GeoJSON FeatureCollection of MultiPolygons whose rules say, per vehicle type,
    /// whether a ride may start/end (ride_allowed) or pass (ride_through_allowed) inside. Rings are closed and
    /// counter-clockwise (RFC 7946 3.1.6). The earlier zone takes precedence where zones overlap (GBFS "Geofencing Rule
    /// Precedence"), so the park and the centre come before the service area that contains them.
    /// </summary>
    private int WriteGeofencingZones()
    {
        var park = _g.Park;
        var share = _spec.SharedMobilityAreaShare;
        var zones = 0;
        File("geofencing_zones", w =>
        {
            w.WriteStartObject("geofencing_zones");
            w.WriteString("type", "FeatureCollection");
            w.WriteStartArray("features");

            // The park: no scooters at all, bikes may cross it but not be left there.
            Zone(w, "Parc des Saules", Rectangle(_g.BaseX(park.I0), _g.BaseY(park.J0), _g.BaseX(park.I1), _g.BaseY(park.J1)),
                [([ScooterType], false, false, null), ([EBikeType], false, true, null)]);
            // The historic centre: scooters ride through slowly and cannot be parked.
            var c = 0.12 * Math.Min(_g.HalfWidth(), _g.HalfHeight()) / share;
            Zone(w, "Hypercentre", Rectangle(-c, -c, c, c), [([ScooterType], false, true, 10)]);
            // The service area: vehicles may be picked up and left anywhere inside it.
            Zone(w, "Zone de service", Rectangle(-share * _g.HalfWidth(), -share * _g.HalfHeight(), share * _g.HalfWidth(), share * _g.HalfHeight()),
                [([ScooterType, EBikeType], true, true, null)]);
            zones = 3;
            w.WriteEndArray();
            w.WriteEndObject();
        });
        return zones;
    }

    private GeoPoint[] Rectangle(double x0, double y0, double x1, double y1)
    {
        (double X, double Y)[] corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)];
        return [.. corners.Select(p => _g.Warp(p.X, p.Y)).Select(p => _g.Projection.ToGeo(p.X, p.Y))];
    }

    private static void Zone(Utf8JsonWriter w, string name, GeoPoint[] ring, (string[] Types, bool RideAllowed, bool RideThrough, int? MaxSpeed)[] rules)
    {
        w.WriteStartObject();
        w.WriteString("type", "Feature");
        w.WriteStartObject("geometry");
        w.WriteString("type", "MultiPolygon");
        w.WriteStartArray("coordinates");
        w.WriteStartArray();
        w.WriteStartArray();
        foreach (var p in ring)
        {
            w.WriteStartArray();
            w.WriteRawValue(p.LonText, skipInputValidation: true);
            w.WriteRawValue(p.LatText, skipInputValidation: true);
            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteEndArray();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("properties");
        w.WriteString("name", name);
        w.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            w.WriteStartObject();
            w.WriteStartArray("vehicle_type_id");
            foreach (var t in rule.Types)
            {
                w.WriteStringValue(t);
            }

            w.WriteEndArray();
            w.WriteBoolean("ride_allowed", rule.RideAllowed);
            w.WriteBoolean("ride_through_allowed", rule.RideThrough);
            if (rule.MaxSpeed is { } speed)
            {
                w.WriteNumber("maximum_speed_kph", speed);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
