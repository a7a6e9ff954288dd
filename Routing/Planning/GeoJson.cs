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
}
