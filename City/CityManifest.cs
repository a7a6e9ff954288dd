using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mobility.City;

/// <summary>
/// city-manifest.json, written last: the spec hash, the canonical spec and every file's size and SHA-256. A node that
/// restarts with the same spec finds it and reuses the files instead of regenerating them.
/// </summary>
public sealed record CityManifest(
    [property: JsonPropertyName("format_version")] int FormatVersion,
    [property: JsonPropertyName("spec_hash")] string SpecHash,
    [property: JsonPropertyName("spec")] string Spec,
    [property: JsonPropertyName("stats")] CityStats Stats,
    [property: JsonPropertyName("files")] IReadOnlyList<ManifestFile> Files)
{
    public const string FileName = "city-manifest.json";
    public const int MaxBytes = 1 << 20;

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static CityManifest Describe(CitySpec spec, CityStats stats, string directory, IEnumerable<string> relativePaths) =>
        new(CityGenerator.FormatVersion, spec.Hash(), spec.CanonicalText(), stats,
            [.. relativePaths.Order(StringComparer.Ordinal).Select(p => ManifestFile.Of(directory, p))]);

    public void Save(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(this, Options));
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>The manifest in a folder, or null when it is absent, too large or unreadable.</summary>
    public static CityManifest? TryLoad(string directory)
    {
        var path = Path.Combine(directory, FileName);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > MaxBytes)
            {
                return null;
            }

            return JsonSerializer.Deserialize<CityManifest>(File.ReadAllText(path), Options);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>True when the generation matches the spec and every file is present with its size (and hash if asked).</summary>
    public bool Matches(CitySpec spec, string directory, bool verifyHashes)
    {
        if (FormatVersion != CityGenerator.FormatVersion || SpecHash != spec.Hash() || Files.Count == 0)
        {
            return false;
        }

        foreach (var file in Files)
        {
            var full = Path.Combine(directory, file.Path);
            var info = new FileInfo(full);
            if (!info.Exists || info.Length != file.Bytes || (verifyHashes && ManifestFile.HashFile(full) != file.Sha256))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>One generated file, relative to the generation folder ('/'-separated).</summary>
public sealed record ManifestFile(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("sha256")] string Sha256)
{
    public static ManifestFile Of(string directory, string relative)
    {
        var full = System.IO.Path.Combine(directory, relative);
        return new ManifestFile(relative, new FileInfo(full).Length, HashFile(full));
    }

    public static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
