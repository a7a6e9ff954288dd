using System.Text.Json.Nodes;
using Mobility.Routing.SharedMobility.Gbfs;
using Mobility.Tests.Shared;

namespace Mobility.Routing.Tests.SharedMobility;

/// <summary>Loads the shared GBFS fixtures, and copies one to a temporary folder that a test may damage.</summary>
internal static class GbfsFixtures
{
    public static readonly GbfsReadOptions NoAgeLimit = new(Freshness: GbfsFreshnessPolicy.Ignore);

    public static string Folder(string name) => SharedData.Path("gbfs", name);

    public static async Task<GbfsSnapshot> Load(string name)
    {
        var result = await GbfsReader.ReadFolderAsync(Folder(name), new FixedTime(DateTimeOffset.UtcNow), NoAgeLimit, TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Snapshot!;
    }

    public static string Copy(string name)
    {
        var source = Folder(name);
        var target = Path.Combine(Path.GetTempPath(), "mobility-gbfs-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source, "*.json"))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }

    /// <summary>Rewrites one JSON file of a copied folder.</summary>
    public static void Edit(string folder, string feed, Action<JsonObject> edit)
    {
        var path = Path.Combine(folder, feed + ".json");
        var node = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(node);
        File.WriteAllText(path, node.ToJsonString());
    }
}
