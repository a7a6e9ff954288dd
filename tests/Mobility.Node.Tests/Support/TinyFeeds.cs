using System.IO.Compression;
using System.Text;

namespace Mobility.Node.Tests.Support;

/// <summary>Feeds small enough to write in a test, real enough for the node's readers.</summary>
internal static class TinyFeeds
{
    private static readonly Lazy<string> Zip = new(WriteGtfsZip);

    /// <summary>A valid GTFS zip: 1 agency, 3 stops, 1 route, 2 trips, 6 stop times (one stop name holds a quoted line break).</summary>
    public static string GtfsZip() => Zip.Value;

    public static readonly IReadOnlyDictionary<string, string> GtfsFiles = new Dictionary<string, string>
    {
        ["agency.txt"] = "agency_id,agency_name,agency_url,agency_timezone\nA,Tiny Transit,https://example.org,Europe/Paris\n",
        ["stops.txt"] = "stop_id,stop_name,stop_lat,stop_lon\nS1,\"Gare\nCentrale\",45.0,5.0\nS2,\"Place \"\"Neuve\"\"\",45.01,5.01\nS3,Parc,45.02,5.02\n",
        ["routes.txt"] = "route_id,agency_id,route_short_name,route_type\nR1,A,1,3\n",
        ["trips.txt"] = "route_id,service_id,trip_id\nR1,WK,T1\nR1,WK,T2\n",
        ["stop_times.txt"] = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,S1,1\nT1,08:05:00,08:05:00,S2,2\nT1,08:10:00,08:10:00,S3,3\r\nT2,09:00:00,09:00:00,S1,1\nT2,09:05:00,09:05:00,S2,2\nT2,09:10:00,09:10:00,S3,3\n\n",
        ["calendar.txt"] = "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nWK,1,1,1,1,1,0,0,20260101,20261231\n",
    };

    public static string WriteGtfsZip(IReadOnlyDictionary<string, string> files, string path)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, content) in files)
        {
            using var stream = zip.CreateEntry(name).Open();
            stream.Write(Encoding.UTF8.GetBytes(content));
        }

        return path;
    }

    private static string WriteGtfsZip()
    {
        var folder = Directory.CreateTempSubdirectory("mobility-feeds-").FullName;
        return WriteGtfsZip(GtfsFiles, Path.Combine(folder, "tiny.gtfs.zip"));
    }
}
