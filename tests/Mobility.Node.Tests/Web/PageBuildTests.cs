using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mobility.Node.Tests.Support;
using Mobility.Tests.Shared;

namespace Mobility.Node.Tests.Web;

/// <summary>
/// The committed pages match their sources and the node's contracts, checked without Node.js: the build stamp's hash
/// of web/ is recomputed here (so an edited source without `npm run build` fails), every built file matches its hash
/// in the stamp (so a hand-edited bundle fails), and the part of the OpenAPI document the page was typed from equals
/// what the node serves now (so a renamed field in /plan fails until the types are generated again).
/// </summary>
public sealed class PageBuildTests(VillageNode village) : IClassFixture<VillageNode>
{
    // The same list as web/scripts/build.mjs (sourceRoots).
    private static readonly string[] SourceRoots = ["src", "index.html", "operator.html", "authority.html", "me.html", "app.css", "package.json", "package-lock.json", "openapi.json", "tsconfig.json", "scripts/build.mjs"];

    // The endpoints the pages call; their schemas (and those they reference) must not drift from web/openapi.json.
    private static readonly string[] PagePaths = ["/plan", "/plan/area", "/plan/map", "/plan/policy", "/log/keys", "/log/checkpoint", "/log/proofs/consistency", "/v3/me/attestations", "/authority/journeys", "/v3/journeys"];

    private static string Web => Path.Combine(SharedData.RepositoryRoot(), "web");

    private static string Built => Path.Combine(SharedData.RepositoryRoot(), "Actors", "Mobility.Node", "ui");

    private static JsonElement Stamp => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Built, "build-stamp.json"))).RootElement;

    [Fact]
    public void The_build_stamp_matches_the_page_sources()
    {
        var files = SourceRoots.SelectMany(r => Directory.Exists(Path.Combine(Web, r))
                ? Directory.EnumerateFiles(Path.Combine(Web, r), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Web, f).Replace('\\', '/'))
                : [r])
            .Order(StringComparer.Ordinal)
            .ToList();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(Path.Combine(Web, file));
            sha.AppendData(Encoding.UTF8.GetBytes($"{file}\n{bytes.Length}\n"));
            sha.AppendData(bytes);
        }

        Assert.Equal(Stamp.GetProperty("sourceFiles").GetInt32(), files.Count);
        Assert.True(Stamp.GetProperty("sources").GetString() == Convert.ToHexStringLower(sha.GetHashAndReset()),
            "web/ changed since the pages were built: run `npm ci && npm run build` in web/ and commit Actors/Mobility.Node/ui.");
    }

    [Fact]
    public void Every_built_file_is_the_one_the_build_wrote_and_is_copied_beside_the_node()
    {
        var outputs = Stamp.GetProperty("outputs").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        var onDisk = Directory.EnumerateFiles(Built).Select(Path.GetFileName).Where(n => n != "build-stamp.json").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(outputs.Keys.Order(StringComparer.Ordinal), onDisk);
        foreach (var (name, hash) in outputs)
        {
            Assert.True(hash == Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(Built, name)))), $"{name} differs from the build: rebuild web/.");
            Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "ui", name)), $"{name} is not copied to the node's output folder");
        }
    }

    [Fact]
    public async Task The_contracts_the_page_was_typed_from_are_the_ones_the_node_serves()
    {
        var typedFrom = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Web, "openapi.json"), TestContext.Current.CancellationToken))!;
        using var response = await village.Node.GetAsync("/openapi/v1.json");
        var served = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        foreach (var path in PagePaths)
        {
            Assert.True(JsonNode.DeepEquals(typedFrom["paths"]![path], served["paths"]![path]),
                $"{path} changed in the node's OpenAPI document: run `npm run openapi` then `npm run build` in web/ (docs/web.md).");
        }

        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in PagePaths)
        {
            References(served["paths"]![path], served, names);
        }

        Assert.Contains("PlanResponse", names);
        Assert.Contains("LegDto", names);
        Assert.Contains("KeysResponse", names);
        foreach (var name in names)
        {
            Assert.True(JsonNode.DeepEquals(typedFrom["components"]!["schemas"]![name], served["components"]!["schemas"]![name]),
                $"schema {name} changed in the node's OpenAPI document: run `npm run openapi` then `npm run build` in web/ (docs/web.md).");
        }
    }

    [Fact]
    public async Task The_planner_is_served_at_ui_with_its_modules_as_javascript()
    {
        using var redirect = await village.Node.GetAsync("/ui");
        Assert.Equal("text/html", redirect.Content.Headers.ContentType?.MediaType); // the client followed /ui -> /ui/
        using var module = await village.Node.GetAsync("/ui/maplibre-gl.mjs");
        Assert.Equal(System.Net.HttpStatusCode.OK, module.StatusCode);
        Assert.Equal("text/javascript", module.Content.Headers.ContentType?.MediaType);
        using var missing = await village.Node.GetAsync("/ui/../appsettings.json");
        Assert.NotEqual(System.Net.HttpStatusCode.OK, missing.StatusCode);
    }

    // The schema names reachable through $ref from a node, transitively.
    private static void References(JsonNode? node, JsonNode document, SortedSet<string> names)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (key == "$ref" && value?.GetValue<string>() is { } r && r.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                    {
                        var name = r["#/components/schemas/".Length..];
                        if (names.Add(name))
                        {
                            References(document["components"]!["schemas"]![name], document, names);
                        }
                    }
                    else
                    {
                        References(value, document, names);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    References(item, document, names);
                }

                break;
        }
    }
}
