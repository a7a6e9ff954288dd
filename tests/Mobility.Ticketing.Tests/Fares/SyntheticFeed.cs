namespace Mobility.Ticketing.Tests.Fares;

/// <summary>A small GTFS feed written to a temporary folder, for the rules the fixtures do not exercise.</summary>
internal sealed class SyntheticFeed : IDisposable
{
    public SyntheticFeed(params (string File, string Text)[] files)
    {
        Folder = Directory.CreateTempSubdirectory("fares-").FullName;
        Write("agency.txt", "agency_id,agency_name,agency_url,agency_timezone\nA,Agency,https://example.org,Etc/UTC\n");
        Write("routes.txt", "route_id,route_type,network_id\nr1,3,N1\nr2,3,N2\nr3,3,N3\n");
        Write("stops.txt", "stop_id,stop_name,stop_lat,stop_lon,zone_id\ns1,S1,0,0,z1\ns2,S2,0,0,z2\ns3,S3,0,0,z3\n");
        Write("fare_products.txt", "fare_product_id,amount,currency\nP1,2.00,EUR\nP2,3.00,EUR\nP3,1.50,EUR\nT,0.50,EUR\nAB,4.00,EUR\n");
        Write("fare_leg_rules.txt", "leg_group_id,network_id,fare_product_id\nG1,N1,P1\nG2,N2,P2\n");
        foreach (var (file, text) in files)
        {
            Write(file, text);
        }
    }

    public string Folder { get; }

    public void Write(string file, string text) => File.WriteAllText(Path.Combine(Folder, file), text);

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
