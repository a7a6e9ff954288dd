using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Mobility.Routing.SharedMobility.Gbfs;

namespace Mobility.Routing.Tests.SharedMobility;

/// <summary>Whatever one value of a file is changed to, a load ends in a snapshot or in named problems, never in an exception.</summary>
public sealed class GbfsRobustnessTests : IDisposable
{
    private static readonly string[] Feeds = ["station_status", "station_information", "vehicle_status", "vehicle_types", "system_pricing_plans", "geofencing_zones", "system_information"];
    private readonly string _dir = GbfsFixtures.Copy("spec-v3.0");
    private readonly Dictionary<string, string> _originals = [];

    public GbfsRobustnessTests()
    {
        foreach (var feed in Feeds)
        {
            _originals[feed] = File.ReadAllText(Path.Combine(_dir, feed + ".json"));
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<JsonNode> Values(JsonNode node)
    {
        var all = new List<JsonNode> { node };
        switch (node)
        {
            case JsonObject o:
                foreach (var p in o)
                {
                    if (p.Value is not null)
                    {
                        all.AddRange(Values(p.Value));
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    if (item is not null)
                    {
                        all.AddRange(Values(item));
                    }
                }

                break;
        }

        return all;
    }

    private static JsonNode? Replacement(int kind) => kind switch
    {
        0 => null,
        1 => JsonValue.Create(-1),
        2 => JsonValue.Create("x"),
        3 => JsonValue.Create(true),
        4 => new JsonArray(),
        5 => new JsonObject(),
        6 => JsonValue.Create(1e300),
        _ => JsonValue.Create("2024-13-45T99:99:99Z"),
    };

    [Fact]
    public void Any_single_value_replaced_gives_a_snapshot_or_named_problems()
    {
        var mutations =
            from feed in Gen.Elements(Feeds)
            from index in Gen.Choose(0, 10_000)
            from kind in Gen.Choose(0, 7)
            select (feed, index, kind);
        Prop.ForAll(mutations.ToArbitrary(), m =>
        {
            var root = JsonNode.Parse(_originals[m.feed])!;
            var values = Values(root);
            var target = values[1 + (m.index % (values.Count - 1))];
            var parent = target.Parent!;
            if (parent is JsonObject o)
            {
                o[target.GetPropertyName()] = Replacement(m.kind);
            }
            else
            {
                ((JsonArray)parent)[target.GetElementIndex()] = Replacement(m.kind);
            }

            File.WriteAllText(Path.Combine(_dir, m.feed + ".json"), root.ToJsonString());
            try
            {
                var result = GbfsReader.ReadFolderAsync(_dir, new FixedTime(DateTimeOffset.UtcNow), GbfsFixtures.NoAgeLimit).GetAwaiter().GetResult();
                return result.Succeeded ? result.Snapshot is not null : result.Snapshot is null && result.Errors.All(p => p.File.Length > 0 && p.Message.Length > 0);
            }
            finally
            {
                File.WriteAllText(Path.Combine(_dir, m.feed + ".json"), _originals[m.feed]);
            }
        }).QuickCheckThrowOnFailure();
    }
}
