using System.Text.Json;

namespace Mobility.Node.City;

/// <summary>
/// A first look at a GBFS folder (v2.x or v3.0): docked stations from station_information.json and free-floating
/// vehicles from vehicle_status.json (v3) or free_bike_status.json (v2). Polling URLs is the operator entity's job.
/// </summary>
public static class GbfsInventory
{
    public const long MaxFileBytes = 64L << 20;

    public sealed record Summary(string? Version, int Stations, int Vehicles)
    {
        public override string ToString() => $"GBFS {Version ?? "?"}: {Stations} stations, {Vehicles} free-floating vehicles";
    }

    /// <exception cref="InvalidDataException">A file is missing or malformed; the message names it.</exception>
    public static Summary Read(string folder)
    {
        var gbfs = Path.Combine(folder, "gbfs.json");
        if (!File.Exists(gbfs))
        {
            throw new InvalidDataException("missing gbfs.json (the auto-discovery file)");
        }

        string? version;
        using (var doc = Parse(gbfs))
        {
            version = doc.RootElement.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        }

        var stations = CountArray(Path.Combine(folder, "station_information.json"), "stations");
        var vehicles = CountArray(Path.Combine(folder, "vehicle_status.json"), "vehicles");
        if (vehicles == 0)
        {
            vehicles = CountArray(Path.Combine(folder, "free_bike_status.json"), "bikes");
        }

        return new Summary(version, stations, vehicles);
    }

    private static int CountArray(string file, string property)
    {
        if (!File.Exists(file))
        {
            return 0;
        }

        using var doc = Parse(file);
        if (!doc.RootElement.TryGetProperty("data", out var data) || !data.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{Path.GetFileName(file)}: no data.{property} array");
        }

        return array.GetArrayLength();
    }

    private static JsonDocument Parse(string file)
    {
        if (new FileInfo(file).Length > MaxFileBytes)
        {
            throw new InvalidDataException($"{Path.GetFileName(file)}: larger than {MaxFileBytes >> 20} MiB");
        }

        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(file));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Path.GetFileName(file)}: line {e.LineNumber + 1}: {e.Message}", e);
        }
    }
}
