using System.Collections.Immutable;

namespace Mobility.Routing.SharedMobility.Gbfs;

/// <summary>
/// gbfs.json: the feeds of one system. 2.x keys them by language (<c>data.{lang}.feeds</c>); the reader picks the
/// preferred language, else the first listed. 3.0 has one list (<c>data.feeds</c>) and localizes inside each file.
/// </summary>
public sealed record GbfsDiscovery(GbfsVersion Version, string? Language, ImmutableDictionary<string, Uri> Feeds, GbfsFeedInfo Info)
{
    internal static GbfsDiscovery Parse(GbfsFile f, string? preferredLanguage, List<GbfsProblem> warnings)
    {
        System.Text.Json.JsonElement feeds;
        string? language = null;
        if (f.Version.IsV3)
        {
            feeds = f.Required(f.Data, "feeds", "$");
        }
        else
        {
            var languages = f.Data.EnumerateObject().ToList();
            if (languages.Count == 0)
            {
                throw f.Error("data", "lists no language");
            }

            var chosen = languages.FirstOrDefault(l => string.Equals(l.Name, preferredLanguage, StringComparison.OrdinalIgnoreCase));
            chosen = chosen.Value.ValueKind == System.Text.Json.JsonValueKind.Undefined ? languages[0] : chosen;
            language = chosen.Name;
            feeds = f.Required(chosen.Value, "feeds", "data." + language);
        }

        var result = ImmutableDictionary.CreateBuilder<string, Uri>(StringComparer.Ordinal);
        var i = 0;
        foreach (var feed in f.Array(feeds, "feeds"))
        {
            var path = $"feeds[{i++}]";
            var name = f.String(f.Required(feed, "name", path), path + ".name");
            var url = f.String(f.Required(feed, "url", path), path + ".url");
            if (!Uri.TryCreate(url, UriKind.RelativeOrAbsolute, out var uri))
            {
                throw f.Error(path + ".url", $"'{url}' is not a URL");
            }

            if (!uri.IsAbsoluteUri || uri.Scheme is not ("http" or "https"))
            {
                // Only an HTTP source needs it; a folder finds the file by feed name.
                warnings.Add(new GbfsProblem("gbfs.json", path + ".url", $"'{url}' is not an absolute http(s) URL"));
            }

            result[name] = uri;
        }

        return new GbfsDiscovery(f.Version, language, result.ToImmutable(), f.Info);
    }
}

/// <summary>manifest.json (3.0): the gbfs.json URL of each version of each system a publisher runs.</summary>
public sealed record GbfsManifest(ImmutableArray<GbfsManifest.Dataset> Datasets, GbfsFeedInfo Info)
{
    public const string FileName = "manifest.json";

    /// <summary>Parses manifest.json text; a bad document throws <see cref="GbfsFormatException"/> naming the field.</summary>
    public static GbfsManifest Parse(string json)
    {
        using var doc = GbfsReader.ParseJson("manifest", json);
        var f = GbfsFile.Parse("manifest", doc, null, "en");
        if (!f.Version.IsV3)
        {
            throw f.Error("version", "manifest.json exists as of GBFS 3.0");
        }

        var datasets = ImmutableArray.CreateBuilder<Dataset>();
        var i = 0;
        foreach (var d in f.Array(f.Required(f.Data, "datasets", "$"), "datasets"))
        {
            var path = $"datasets[{i++}]";
            var versions = ImmutableArray.CreateBuilder<(string, Uri)>();
            var k = 0;
            foreach (var v in f.Array(f.Required(d, "versions", path), path + ".versions"))
            {
                var vp = $"{path}.versions[{k++}]";
                var url = f.String(f.Required(v, "url", vp), vp + ".url");
                versions.Add((f.String(f.Required(v, "version", vp), vp + ".version"),
                    Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : throw f.Error(vp + ".url", $"'{url}' is not an absolute URL")));
            }

            datasets.Add(new Dataset(f.Id(f.Required(d, "system_id", path), path + ".system_id"), versions.ToImmutable()));
        }

        return new GbfsManifest(datasets.ToImmutable(), f.Info);
    }

    /// <summary>One system and its discovery URL per version.</summary>
    public sealed record Dataset(string SystemId, ImmutableArray<(string Version, Uri Url)> Versions)
    {
        /// <summary>The discovery URL of the newest version this reader supports, or null.</summary>
        public Uri? BestSupported() => Versions
            .Where(v => GbfsVersion.TryParse(v.Version, out _))
            .OrderByDescending(v => { GbfsVersion.TryParse(v.Version, out var p); return (p.Major, p.Minor); })
            .Select(v => v.Url).FirstOrDefault();
    }
}
