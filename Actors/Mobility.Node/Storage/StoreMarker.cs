using System.Text.Json.Serialization;

namespace Mobility.Node.Storage;

/// <summary>The content of the data folder's <c>store.json</c>: which database file this folder owns, and since when.</summary>
public sealed record StoreMarker(string Provider, string File, DateTimeOffset CreatedAt);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(StoreMarker))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
