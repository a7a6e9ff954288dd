using System.Buffers;
using System.Text.Json;
using Mobility.Node.Snapshots;
using Mobility.Routing.Street;
using Mobility.Routing.Transit;

namespace Mobility.Node.Web;

/// <summary>
/// The territory drawn from a routing snapshot as one GeoJSON FeatureCollection (RFC 7946), so a page can show a map
/// with no tile server: transit lines (one MultiLineString per line, from its trips' shapes or else their stop
/// sequences), stops (Points), street names (Points, one per name) and street stretches (LineStrings). Every feature has a <c>layer</c> property (line, stop, name,
/// street). Coordinates keep 6 decimals (about 0.1 m, RFC 7946 11.2). The document never exceeds
/// <see cref="MaxBytes"/>: lines and stops come first, then streets until the budget, and the foreign member
/// <c>truncated</c> says whether any street was left out.
/// </summary>
public static class TerritoryMap
{
    /// <summary>Largest document written, in bytes before compression.</summary>
    public const int DefaultMaxBytes = 24 * 1024 * 1024;

    /// <summary>Distinct shapes drawn per line at most (branches and directions; more add nothing visible).</summary>
    public const int MaxShapesPerLine = 16;

    public sealed record Counts(int Lines, int Stops, int Streets, int StreetsTotal, bool Truncated);

    public static byte[] Build(RoutingSnapshot snapshot, out Counts counts, int maxBytes = DefaultMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        using var w = new Utf8JsonWriter(buffer);
        var timetable = snapshot.Planner.Timetable;
        var streets = snapshot.Streets;
        w.WriteStartObject();
        w.WriteString("type", "FeatureCollection");
        w.WriteStartArray("features");

        var lines = WriteLines(w, timetable);
        foreach (var stop in timetable.Stops)
        {
            Feature(w, "Point");
            Position(w, stop.Lat, stop.Lon);
            w.WriteEndObject();
            w.WriteStartObject("properties");
            w.WriteString("layer", "stop");
            w.WriteString("id", stop.Id);
            w.WriteString("name", stop.Name);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        // Street names, each at a point of its street, so the page can search places by street name.
        foreach (var (name, at) in streets.Names.OrderBy(n => n.Key, StringComparer.Ordinal))
        {
            // Only where a walk can start: a name whose street lies on an island of the extract would plan from elsewhere.
            if (streets.Snap(at.Lat, at.Lon, StreetProfile.Walk) is not { DistanceMeters: < 5 })
            {
                continue;
            }

            Feature(w, "Point");
            Position(w, at.Lat, at.Lon);
            w.WriteEndObject();
            w.WriteStartObject("properties");
            w.WriteString("layer", "name");
            w.WriteString("name", name);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        // Room for the closing members: a few dozen bytes.
        var budget = maxBytes - 256;
        var points = new List<GeoCoordinate>(16);
        var total = streets.ShapeCount();
        var written = 0;
        for (var e = 0; e < total; e++)
        {
            if (w.BytesCommitted + w.BytesPending > budget)
            {
                break;
            }

            var access = streets.ShapeAccess(e);
            if (!access.Any)
            {
                continue;
            }

            streets.ShapePoints(e, points);
            Feature(w, "LineString");
            w.WriteStartArray("coordinates");
            foreach (var p in points)
            {
                Position(w, p.Lat, p.Lon);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("properties");
            w.WriteString("layer", "street");
            w.WriteBoolean("car", access.Car.Any);
            w.WriteEndObject();
            w.WriteEndObject();
            written++;
        }

        var usable = 0;
        for (var e = 0; e < total; e++)
        {
            usable += streets.ShapeAccess(e).Any ? 1 : 0;
        }

        w.WriteEndArray();
        w.WriteBoolean("truncated", written < usable);
        w.WriteEndObject();
        w.Flush();
        counts = new Counts(lines, timetable.Stops.Count, written, usable, written < usable);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The traveler's word for a GTFS route_type (basic and extended types).</summary>
    public static string ModeOf(int routeType) => routeType switch
    {
        0 or (>= 900 and < 1000) => "tram",
        1 or (>= 400 and < 500) => "metro",
        2 or (>= 100 and < 200) => "rail",
        3 or (>= 700 and < 800) or 11 or (>= 200 and < 300) => "bus",
        4 or (>= 1000 and < 1100) or 1200 => "ferry",
        5 or 6 or 7 or (>= 1300 and < 1500) => "cable",
        12 => "monorail",
        _ => "other",
    };

    private static int WriteLines(Utf8JsonWriter w, Timetable timetable)
    {
        // Distinct drawings per line: a shape id, or the stop sequence when a trip has no shape.
        var patterns = new Dictionary<int, List<(int Shape, int[] Stops)>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var trip in timetable.Trips)
        {
            var key = trip.Shape >= 0 ? $"{trip.Line}:s{trip.Shape}" : $"{trip.Line}:" + string.Join(',', trip.Stops);
            if (!seen.Add(key))
            {
                continue;
            }

            if (!patterns.TryGetValue(trip.Line, out var list))
            {
                patterns[trip.Line] = list = [];
            }

            if (list.Count < MaxShapesPerLine)
            {
                list.Add((trip.Shape, trip.Stops));
            }
        }

        var count = 0;
        foreach (var (lineIndex, drawings) in patterns.OrderBy(p => p.Key))
        {
            var line = timetable.Lines[lineIndex];
            Feature(w, "MultiLineString");
            w.WriteStartArray("coordinates");
            foreach (var (shape, stops) in drawings)
            {
                w.WriteStartArray();
                if (shape >= 0 && shape < timetable.Shapes.Count && timetable.Shapes[shape].Lats.Length >= 2)
                {
                    var s = timetable.Shapes[shape];
                    for (var i = 0; i < s.Lats.Length; i++)
                    {
                        Position(w, s.Lats[i], s.Lons[i]);
                    }
                }
                else
                {
                    foreach (var stop in stops)
                    {
                        Position(w, timetable.Stops[stop].Lat, timetable.Stops[stop].Lon);
                    }
                }

                w.WriteEndArray();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("properties");
            w.WriteString("layer", "line");
            w.WriteString("id", line.Id);
            w.WriteString("name", line.DisplayName);
            w.WriteString("longName", line.LongName);
            w.WriteString("mode", ModeOf(line.RouteType));
            w.WriteString("operator", line.AgencyName);
            w.WriteString("color", ColorOf(line.Color));
            w.WriteEndObject();
            w.WriteEndObject();
            count++;
        }

        return count;
    }

    /// <summary>GTFS route_color is six hex digits without '#'; anything else draws in a neutral blue.</summary>
    private static string ColorOf(string? gtfs) =>
        gtfs is { Length: 6 } c && c.All(Uri.IsHexDigit) ? "#" + c.ToUpperInvariant() : "#1F5FA8";

    private static void Feature(Utf8JsonWriter w, string geometryType)
    {
        w.WriteStartObject();
        w.WriteString("type", "Feature");
        w.WriteStartObject("geometry");
        w.WriteString("type", geometryType);
        if (geometryType == "Point")
        {
            w.WritePropertyName("coordinates");
        }
    }

    // RFC 7946 3.1.1: longitude first.
    private static void Position(Utf8JsonWriter w, double lat, double lon)
    {
        w.WriteStartArray();
        w.WriteNumberValue(Math.Round(lon, 6));
        w.WriteNumberValue(Math.Round(lat, 6));
        w.WriteEndArray();
    }
}
