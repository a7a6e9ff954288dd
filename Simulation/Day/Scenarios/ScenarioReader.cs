using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mobility.City;

namespace Mobility.Simulation.Day.Scenarios;

/// <summary>
/// Reads a scenario strictly, the way the campaign parser reads a campaign: an unknown or duplicate field, a wrong
/// type, a value out of range is an error at its JSON path, and one pass lists every problem.
/// </summary>
public static partial class ScenarioReader
{
    public const int SchemaVersion = 1;
    public const int MaxTravelers = 1_000_000;
    public static readonly IReadOnlyList<string> FaultKinds = ["node-restart"];

    public static Scenario Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException([new ScenarioError("$", $"cannot read {path}: {e.Message}")]);
        }

        return Parse(bytes, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <param name="baseFolder">Where a relative <c>target.in_process.data</c> is read from (the scenario file's folder).</param>
    public static Scenario Parse(ReadOnlySpan<byte> json, string? baseFolder = null)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new ScenarioException([new ScenarioError("$", $"not JSON: {e.Message}")]);
        }

        using (doc)
        {
            var r = new Reader();
            var root = doc.RootElement;
            r.Object(root, "$", "schema_version", "city", "seed", "date", "territory", "population", "operators", "campaigns", "fraud", "faults",
                "speed_up", "concurrency", "batch_share", "target");
            if (r.Int(root, "schema_version", "$", true, 1, int.MaxValue) is { } v && v != SchemaVersion)
            {
                r.Error("$.schema_version", $"must be {SchemaVersion} (found {v})");
            }

            string preset = "town";
            long citySeed = 42;
            if (r.Field(root, "city", "$", true) is { } city && r.Object(city, "$.city", "preset", "seed"))
            {
                preset = r.String(city, "preset", "$.city", true) ?? preset;
                if (!CitySpec.PresetNames.Contains(preset))
                {
                    r.Error("$.city.preset", $"'{preset}' is not a preset (one of {string.Join(", ", CitySpec.PresetNames)})");
                }

                citySeed = r.Long(city, "seed", "$.city", false, 0, long.MaxValue) ?? citySeed;
            }

            var seed = r.Long(root, "seed", "$", true, 0, long.MaxValue) ?? 0;
            var date = DateOnly.MinValue;
            if (r.String(root, "date", "$", true) is { } d
                && !DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            {
                r.Error("$.date", $"'{d}' is not a calendar date (YYYY-MM-DD)");
            }

            var territory = r.String(root, "territory", "$", false, IdPattern()) ?? "valmont";

            var population = new PopulationSpec(0, 0, 0);
            if (r.Field(root, "population", "$", true) is { } p && r.Object(p, "$.population", "travelers", "carpool_drivers", "carpool_propensity"))
            {
                population = new PopulationSpec(
                    r.Int(p, "travelers", "$.population", true, 1, MaxTravelers) ?? 0,
                    r.Share(p, "carpool_drivers", "$.population") ?? 0.05,
                    r.Share(p, "carpool_propensity", "$.population") ?? 0.3);
            }

            var operators = new List<string>();
            if (r.Field(root, "operators", "$", true) is { } ops)
            {
                if (ops.ValueKind != JsonValueKind.Array)
                {
                    r.Error("$.operators", $"expected an array, found {Reader.Kind(ops)}");
                }
                else
                {
                    var i = 0;
                    foreach (var o in ops.EnumerateArray())
                    {
                        var at = $"$.operators[{i++}]";
                        if (o.ValueKind != JsonValueKind.String || !IdPattern().IsMatch(o.GetString()!))
                        {
                            r.Error(at, $"expected an operator id matching {IdPattern()}");
                        }
                        else if (operators.Contains(o.GetString()!))
                        {
                            r.Error(at, $"'{o.GetString()}' is listed twice");
                        }
                        else
                        {
                            operators.Add(o.GetString()!);
                        }
                    }

                    if (i is < 1 or > 8)
                    {
                        r.Error("$.operators", $"1 to 8 carpool operators (found {i})");
                    }
                }
            }

            var campaigns = new List<JsonElement>();
            foreach (var (c, at) in r.Array(root, "campaigns", "$"))
            {
                if (c.ValueKind != JsonValueKind.Object)
                {
                    r.Error(at, $"expected a campaign document (an object), found {Reader.Kind(c)}");
                }
                else
                {
                    campaigns.Add(c.Clone()); // validated by the node, which answers each problem at its path.
                }
            }

            var fraud = new FraudSpec(0, 0, 0, 0);
            if (r.Field(root, "fraud", "$", false) is { } f && r.Object(f, "$.fraud", "overlap", "invented_distance", "driver_is_passenger", "too_many_trips", "replayed_statement", "class_a_aimed"))
            {
                fraud = new FraudSpec(
                    r.Share(f, "overlap", "$.fraud") ?? 0, r.Share(f, "invented_distance", "$.fraud") ?? 0,
                    r.Int(f, "driver_is_passenger", "$.fraud", false, 0, 10_000) ?? 0, r.Int(f, "too_many_trips", "$.fraud", false, 0, 10_000) ?? 0,
                    r.Share(f, "replayed_statement", "$.fraud") ?? 0, r.Share(f, "class_a_aimed", "$.fraud") ?? 0);
                if (fraud.JourneyShares > 1)
                {
                    r.Error("$.fraud", "overlap + invented_distance + replayed_statement + class_a_aimed must not exceed 1 (shares of the same carpool journeys)");
                }
            }

            var faults = new List<FaultSpec>();
            foreach (var (x, at) in r.Array(root, "faults", "$"))
            {
                if (!r.Object(x, at, "at", "kind"))
                {
                    continue;
                }

                var kind = r.String(x, "kind", at, true);
                if (kind is not null && !FaultKinds.Contains(kind))
                {
                    r.Error($"{at}.kind", $"'{kind}' is not a fault this command injects yet (one of {string.Join(", ", FaultKinds)})");
                }

                if (r.String(x, "at", at, true) is { } t)
                {
                    if (TimeOnly.TryParseExact(t, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
                    {
                        faults.Add(new FaultSpec(time, kind ?? ""));
                    }
                    else
                    {
                        r.Error($"{at}.at", $"'{t}' is not a time of day (HH:mm)");
                    }
                }
            }

            var speedUp = r.Double(root, "speed_up", "$", 0, 100_000) ?? 0;
            var concurrency = r.Int(root, "concurrency", "$", false, 1, 256) ?? 8;
            var batchShare = r.Share(root, "batch_share", "$") ?? 0.5;

            var target = new TargetSpec(true, null, null);
            if (r.Field(root, "target", "$", true) is { } t0 && r.Object(t0, "$.target", "in_process", "url"))
            {
                var hasIn = Reader.Has(t0, "in_process");
                var hasUrl = Reader.Has(t0, "url");
                if (hasIn == hasUrl)
                {
                    r.Error("$.target", "exactly one of in_process or url");
                }
                else if (hasUrl)
                {
                    // Read so that the format is settled, refused until the driver can hold tokens of a node it did not configure.
                    var url = r.String(t0, "url", "$.target", true);
                    r.Error("$.target.url", $"a node's URL ('{url}') is not supported yet: the day runs on a node this command starts (in_process), whose clock it steps");
                }
                else if (t0.GetProperty("in_process") is var ip && r.Object(ip, "$.target.in_process", "data"))
                {
                    var data = r.String(ip, "data", "$.target.in_process", false, maxLength: 4096);
                    target = new TargetSpec(true, data is null ? null : Path.GetFullPath(data, baseFolder ?? Environment.CurrentDirectory), null);
                }
            }

            if (faults.Count > 0 && faults.Select(x => x.At).Distinct().Count() != faults.Count)
            {
                r.Error("$.faults", "two faults at the same time");
            }

            if (r.Errors.Count > 0)
            {
                throw new ScenarioException(r.Errors);
            }

            return new Scenario(preset, citySeed, seed, date, territory, population, operators, campaigns, fraud,
                [.. faults.OrderBy(x => x.At)], speedUp, concurrency, batchShare, target);
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex IdPattern();

    /// <summary>Strict reads with paths; errors are collected, not thrown, so one pass reports them all.</summary>
    private sealed class Reader
    {
        public List<ScenarioError> Errors { get; } = [];

        public void Error(string path, string message) => Errors.Add(new ScenarioError(path, message));

        public static string Kind(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        };

        public static bool Has(JsonElement o, string name) => o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

        public bool Object(JsonElement e, string path, params string[] allowed)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                Error(path, $"expected an object, found {Kind(e)}");
                return false;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in e.EnumerateObject())
            {
                if (!seen.Add(p.Name))
                {
                    Error($"{path}.{p.Name}", "duplicate field");
                }
                else if (System.Array.IndexOf(allowed, p.Name) < 0)
                {
                    Error($"{path}.{p.Name}", $"unknown field (allowed: {string.Join(", ", allowed)})");
                }
            }

            return true;
        }

        public JsonElement? Field(JsonElement o, string name, string path, bool required)
        {
            if (o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null)
            {
                return v;
            }

            if (required)
            {
                Error($"{path}.{name}", "required field is missing");
            }

            return null;
        }

        public IEnumerable<(JsonElement Item, string Path)> Array(JsonElement o, string name, string path)
        {
            if (Field(o, name, path, false) is not { } a)
            {
                yield break;
            }

            if (a.ValueKind != JsonValueKind.Array)
            {
                Error($"{path}.{name}", $"expected an array, found {Kind(a)}");
                yield break;
            }

            var i = 0;
            foreach (var item in a.EnumerateArray())
            {
                yield return (item, $"{path}.{name}[{i++}]");
            }
        }

        public string? String(JsonElement o, string name, string path, bool required, Regex? pattern = null, int maxLength = 256)
        {
            if (Field(o, name, path, required) is not { } v)
            {
                return null;
            }

            if (v.ValueKind != JsonValueKind.String)
            {
                Error($"{path}.{name}", $"expected a string, found {Kind(v)}");
                return null;
            }

            var s = v.GetString()!;
            if (s.Length > maxLength || (pattern is not null && !pattern.IsMatch(s)))
            {
                Error($"{path}.{name}", s.Length > maxLength ? $"longer than {maxLength} characters" : $"'{s}' does not match {pattern}");
                return null;
            }

            return s;
        }

        public long? Long(JsonElement o, string name, string path, bool required, long min, long max)
        {
            if (Field(o, name, path, required) is not { } v)
            {
                return null;
            }

            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n))
            {
                Error($"{path}.{name}", $"expected an integer, found {(v.ValueKind == JsonValueKind.Number ? v.GetRawText() : Kind(v))}");
                return null;
            }

            if (n < min || n > max)
            {
                Error($"{path}.{name}", $"must be within [{min}, {max}] (found {n})");
                return null;
            }

            return n;
        }

        public int? Int(JsonElement o, string name, string path, bool required, int min, int max) => (int?)Long(o, name, path, required, min, max);

        public double? Double(JsonElement o, string name, string path, double min, double max)
        {
            if (Field(o, name, path, false) is not { } v)
            {
                return null;
            }

            if (v.ValueKind != JsonValueKind.Number)
            {
                Error($"{path}.{name}", $"expected a number, found {Kind(v)}");
                return null;
            }

            var x = v.GetDouble();
            if (!(x >= min && x <= max))
            {
                Error($"{path}.{name}", $"must be within [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}] (found {v.GetRawText()})");
                return null;
            }

            return x;
        }

        public double? Share(JsonElement o, string name, string path) => Double(o, name, path, 0, 1);
    }
}
