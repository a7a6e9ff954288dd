using System.IO.Compression;

namespace Mobility.Routing.Tests.Gtfs;

/// <summary>Writes small hand-made feeds to a temporary folder or zip.</summary>
internal sealed class FeedFiles : IDisposable
{
    public FeedFiles(Dictionary<string, string> files, string name = "test")
    {
        Root = Path.Combine(Path.GetTempPath(), "mobility-gtfs-" + Guid.NewGuid().ToString("N"));
        Folder = Path.Combine(Root, name);
        Directory.CreateDirectory(Folder);
        foreach (var (file, text) in files)
        {
            File.WriteAllText(Path.Combine(Folder, file), text);
        }
    }

    public string Root { get; }

    public string Folder { get; }

    public string Zip()
    {
        var zip = Folder + ".zip";
        ZipFile.CreateFromDirectory(Folder, zip);
        return zip;
    }

    /// <summary>A minimal valid feed: one agency, three stops on a line A-B-C, one route, one weekday service.</summary>
    public static Dictionary<string, string> Minimal(string timezone = "America/Los_Angeles") => new()
    {
        ["agency.txt"] = $"agency_id,agency_name,agency_url,agency_timezone\nAG,Agency,http://a.example,{timezone}\n",
        ["stops.txt"] = "stop_id,stop_name,stop_lat,stop_lon\nA,Stop A,45.50,-122.60\nB,Stop B,45.51,-122.60\nC,Stop C,45.52,-122.60\n",
        ["routes.txt"] = "route_id,agency_id,route_short_name,route_long_name,route_type\nR1,AG,1,Line one,3\n",
        ["trips.txt"] = "route_id,service_id,trip_id,shape_id\nR1,WK,T1,\n",
        ["stop_times.txt"] = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,A,1\nT1,08:10:00,08:11:00,B,2\nT1,08:20:00,08:20:00,C,3\n",
        ["calendar.txt"] = "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nWK,1,1,1,1,1,0,0,20211101,20211130\n",
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
