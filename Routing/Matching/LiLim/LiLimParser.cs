using System.Globalization;

namespace Mobility.Routing.Matching.LiLim;

/// <summary>
/// Reads the Li &amp; Lim PDPTW format: a header <c>vehicles capacity speed</c>, then one task per line
/// <c>id x y demand earliest latest service pickup_index delivery_index</c>, task 0 being the depot. A pickup names
/// its delivery in the last field, a delivery names its pickup in the one before.
/// </summary>
public static class LiLimParser
{
    public const int MaxTasks = 10_000;
    public const long MaxFileBytes = 4 * 1024 * 1024;

    private static readonly string[] TaskFields =
        ["id", "x", "y", "demand", "earliest", "latest", "service", "pickup_index", "delivery_index"];

    public static LiLimInstance ParseFile(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"No such Li & Lim file: {path}", path);
        if (info.Length > MaxFileBytes) throw new LiLimFormatException(path, 0, "file", $"larger than {MaxFileBytes} bytes");
        using var reader = new StreamReader(path);
        return Parse(reader, Path.GetFileNameWithoutExtension(path), path);
    }

    public static LiLimInstance Parse(TextReader reader, string name, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lineNo = 0;
        string? line;
        string[]? header = null;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.Trim().Length == 0) continue;
            header = Split(line);
            break;
        }

        if (header is null) throw new LiLimFormatException(source, lineNo, "header", "file is empty");
        if (header.Length < 3) throw new LiLimFormatException(source, lineNo, "header", "expected 'vehicles capacity speed'");
        var vehicles = ParseInt(header[0], source, lineNo, "vehicles", 1, MaxTasks);
        var capacity = ParseInt(header[1], source, lineNo, "capacity", 1, int.MaxValue / 4);
        // Some published instance headers carry speed 0: the benchmark measures travel time as the Euclidean distance
        // (unit speed) whatever the header says, so 0 is read as "unspecified" and means 1.
        var speed = Math.Max(1, ParseInt(header[2], source, lineNo, "speed", 0, 1000));

        var tasks = new List<LiLimTask>();
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.Trim().Length == 0) continue;
            var f = Split(line);
            if (f.Length != TaskFields.Length)
                throw new LiLimFormatException(source, lineNo, "task", $"expected {TaskFields.Length} fields, found {f.Length}");
            if (tasks.Count >= MaxTasks) throw new LiLimFormatException(source, lineNo, "task", $"more than {MaxTasks} tasks");
            var id = ParseInt(f[0], source, lineNo, "id", 0, MaxTasks);
            if (id != tasks.Count) throw new LiLimFormatException(source, lineNo, "id", $"expected {tasks.Count}, found {id}");
            var task = new LiLimTask(
                id,
                ParseDouble(f[1], source, lineNo, "x"),
                ParseDouble(f[2], source, lineNo, "y"),
                ParseInt(f[3], source, lineNo, "demand", -capacity, capacity),
                ParseInt(f[4], source, lineNo, "earliest", 0, int.MaxValue / 4),
                ParseInt(f[5], source, lineNo, "latest", 0, int.MaxValue / 4),
                ParseInt(f[6], source, lineNo, "service", 0, int.MaxValue / 4),
                ParseInt(f[7], source, lineNo, "pickup_index", 0, MaxTasks),
                ParseInt(f[8], source, lineNo, "delivery_index", 0, MaxTasks));
            if (task.Earliest > task.Latest) throw new LiLimFormatException(source, lineNo, "latest", "before earliest");
            if (task.PickupIndex > 0 && task.DeliveryIndex > 0)
                throw new LiLimFormatException(source, lineNo, "pickup_index", "a task cannot be both pickup and delivery");
            tasks.Add(task);
        }

        if (tasks.Count == 0) throw new LiLimFormatException(source, lineNo, "task", "no depot (task 0)");
        if (tasks[0].PickupIndex != 0 || tasks[0].DeliveryIndex != 0 || tasks[0].Demand != 0)
            throw new LiLimFormatException(source, 2, "depot", "task 0 must have no demand and no pair");
        ValidatePairs(tasks, source);
        return new LiLimInstance(name, vehicles, capacity, speed, tasks);
    }

    private static void ValidatePairs(List<LiLimTask> tasks, string source)
    {
        for (var i = 1; i < tasks.Count; i++)
        {
            var t = tasks[i];
            if (!t.IsPickup && !t.IsDelivery)
                throw new LiLimFormatException(source, 0, $"task {i}", "neither pickup nor delivery");
            var partner = t.IsPickup ? t.DeliveryIndex : t.PickupIndex;
            if (partner <= 0 || partner >= tasks.Count)
                throw new LiLimFormatException(source, 0, $"task {i}", $"partner {partner} does not exist");
            var p = tasks[partner];
            var consistent = t.IsPickup ? p.PickupIndex == i : p.DeliveryIndex == i;
            if (!consistent) throw new LiLimFormatException(source, 0, $"task {i}", $"partner {partner} does not point back");
            if (t.IsPickup && t.Demand + p.Demand != 0)
                throw new LiLimFormatException(source, 0, $"task {i}", "pickup and delivery demands do not cancel");
        }
    }

    private static string[] Split(string line) =>
        line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    private static int ParseInt(string s, string source, int line, string field, int min, int max)
    {
        if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            throw new LiLimFormatException(source, line, field, $"'{s}' is not an integer");
        if (v < min || v > max) throw new LiLimFormatException(source, line, field, $"{v} outside [{min}, {max}]");
        return v;
    }

    private static double ParseDouble(string s, string source, int line, string field)
    {
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v) || Math.Abs(v) > 1e7)
            throw new LiLimFormatException(source, line, field, $"'{s}' is not a finite coordinate");
        return v;
    }
}
