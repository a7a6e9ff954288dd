using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;

namespace Mobility.Routing.Planning.Ranking;

/// <summary>The policy named in every answer: id, version and the SHA-256 of the exact published document.</summary>
public sealed record RankingPolicyRef(string Id, string Version, string Sha256);

/// <summary>
/// The published ranking policy (<c>policy-v2.json</c>, embedded in this assembly; <c>policy-v1.json</c>, which it
/// supersedes, is embedded too so that old answers can be re-ranked): weights of the itinerary criteria, boarding costs
/// per mode and per-mode CO2 factors, with their source. The authority reads the same bytes whose hash every answer carries.
/// </summary>
public sealed class RankingPolicy
{
    public const string ResourceName = "Mobility.Routing.Planning.Ranking.policy-v2.json";

    /// <summary>The first published version, superseded by <see cref="ResourceName"/>.</summary>
    public const string Version1ResourceName = "Mobility.Routing.Planning.Ranking.policy-v1.json";

    private RankingPolicy(byte[] document, RankingPolicyRef reference, ImmutableDictionary<string, double> weights, ImmutableDictionary<string, double> co2,
        ImmutableDictionary<string, double> boarding, string co2Source, int maxItineraries)
    {
        Document = document;
        Reference = reference;
        Weights = weights;
        Co2GramsPerKm = co2;
        BoardingMinutes = boarding;
        Co2Source = co2Source;
        MaxItineraries = maxItineraries;
    }

    /// <summary>The document's exact bytes.</summary>
    public byte[] Document { get; }

    public RankingPolicyRef Reference { get; }

    public ImmutableDictionary<string, double> Weights { get; }

    /// <summary>Grams of CO2e per passenger-km, by <see cref="ItineraryRanker.ModeKey(Leg)"/>.</summary>
    public ImmutableDictionary<string, double> Co2GramsPerKm { get; }

    /// <summary>Minutes added once per leg of a mode (0 for a mode the document does not list).</summary>
    public ImmutableDictionary<string, double> BoardingMinutes { get; }

    public string Co2Source { get; }

    public int MaxItineraries { get; }

    // Declared before Default: static initializers run in text order.
    private static readonly string[] RequiredWeights = ["travel_minutes", "transfers", "walk_km", "price", "co2_kg"];

    private static readonly string[] RequiredModes = ["walk", "bike", "bikeshare", "scooter", "carpool", "car"];

    /// <summary>Transit kinds; a document may instead give one "transit" factor for all of them (version 1 did).</summary>
    private static readonly string[] TransitKinds = ["bus", "tram", "metro", "rail"];

    private static readonly string[] BoardingModes = ["transit", "bikeshare", "scooter", "carpool", "car"];

    /// <summary>The shipped policy.</summary>
    public static RankingPolicy Default { get; } = LoadEmbedded();

    public static RankingPolicy LoadEmbedded(string resourceName = ResourceName)
    {
        using var stream = typeof(RankingPolicy).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"resource {resourceName} is missing");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Parse(copy.ToArray());
    }

    private static double Number(JsonElement e) => e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var d) ? d : double.NaN;

    /// <summary>Reads and checks a policy document; a missing or out-of-range field is reported by name.</summary>
    public static RankingPolicy Parse(byte[] document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var json = JsonDocument.Parse(document);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("policy: the document must be a JSON object");
        }

        string Str(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s : throw new FormatException($"policy: field '{name}' must be a non-empty string");
        var weights = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        var criteria = root.TryGetProperty("criteria", out var c) && c.ValueKind == JsonValueKind.Object ? c : throw new FormatException("policy: field 'criteria' is missing");
        foreach (var name in RequiredWeights)
        {
            var w = c.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Object && e.TryGetProperty("weight", out var wv) ? Number(wv) : double.NaN;
            weights[name] = double.IsFinite(w) && w >= 0 ? w : throw new FormatException($"policy: criteria.{name}.weight must be a non-negative number");
        }

        var co2 = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        var factors = root.TryGetProperty("co2_grams_per_passenger_km", out var f) && f.ValueKind == JsonValueKind.Object ? f : throw new FormatException("policy: field 'co2_grams_per_passenger_km' is missing");
        double Factor(string mode)
        {
            var g = factors.TryGetProperty(mode, out var e) ? Number(e) : double.NaN;
            return double.IsFinite(g) && g >= 0 ? g : throw new FormatException($"policy: co2_grams_per_passenger_km.{mode} must be a non-negative number");
        }

        foreach (var mode in RequiredModes)
        {
            co2[mode] = Factor(mode);
        }

        var oneTransitFactor = !factors.TryGetProperty("bus", out _) && factors.TryGetProperty("transit", out _);
        foreach (var kind in TransitKinds)
        {
            co2[kind] = Factor(oneTransitFactor ? "transit" : kind);
        }

        var boarding = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        var hasBoarding = root.TryGetProperty("boarding_minutes", out var b);
        if (hasBoarding && b.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("policy: boarding_minutes must be an object");
        }

        foreach (var mode in BoardingModes)
        {
            var minutes = !hasBoarding ? 0 : b.TryGetProperty(mode, out var e) ? Number(e) : double.NaN;
            boarding[mode] = double.IsFinite(minutes) && minutes is >= 0 and <= 120
                ? minutes : throw new FormatException($"policy: boarding_minutes.{mode} must be a number of minutes in [0, 120]");
        }

        var max = root.TryGetProperty("max_itineraries", out var m) && m.ValueKind == JsonValueKind.Number && m.TryGetInt32(out var mi) && mi is >= 1 and <= 50
            ? mi : throw new FormatException("policy: max_itineraries must be an integer in [1, 50]");
        var reference = new RankingPolicyRef(Str("id"), Str("version"), Convert.ToHexStringLower(SHA256.HashData(document)));
        return new RankingPolicy(document, reference, weights.ToImmutable(), co2.ToImmutable(), boarding.ToImmutable(), Str("co2_source"), max);
    }
}
