using System.Globalization;
using System.Text;

namespace Mobility.Routing.Planning;

/// <summary>GeoJSON LineString text (RFC 7946 3.1.4; positions are [longitude, latitude]).</summary>
public static class GeoJson
{
    public static string LineString(IEnumerable<(double Lat, double Lon)> points)
    {
        var text = new StringBuilder("{\"type\":\"LineString\",\"coordinates\":[");
        var first = true;
        foreach (var (lat, lon) in points)
        {
            if (!first)
            {
                text.Append(',');
            }

            first = false;
            text.Append(CultureInfo.InvariantCulture, $"[{lon:0.#######},{lat:0.#######}]");
        }

        return text.Append("]}").ToString();
    }

    /// <summary>Joins two LineStrings end to start (the second's first position is dropped when it repeats the first's last).</summary>
    public static string Concat(string first, string second)
    {
        var points = Positions(first);
        var more = Positions(second);
        points.AddRange(points.Count > 0 && more.Count > 0 && points[^1] == more[0] ? more.Skip(1) : more);
        return LineString(points);
    }

    private static List<(double Lat, double Lon)> Positions(string lineString)
    {
        using var document = System.Text.Json.JsonDocument.Parse(lineString);
        return [.. document.RootElement.GetProperty("coordinates").EnumerateArray().Select(p => (p[1].GetDouble(), p[0].GetDouble()))];
    }
}
