using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mobility.CarpoolProof.Campaigns.Language;

/// <summary>
/// Parses and validates a campaign document (schema version 1). Strict: an unknown field, a bad date, a negative amount,
/// overlapping slices or windows, a polygon that is not a closed simple ring, or a contradiction (an end before its
/// start, a limit of zero) refuses the whole document with the path of every offending field.
/// </summary>
public static partial class CampaignParser
{
    public const int SchemaVersion = 1;

    /// <summary>Largest accepted document (polygons included).</summary>
    public const int MaxDocumentBytes = 8 * 1024 * 1024;

    /// <summary>Largest single amount, so that milli-cents x seats x booster stays far inside a long.</summary>
    public const long MaxCents = 1_000_000_000;

    private static readonly string[] TopFields =
    [
        "schema_version", "id", "name", "note", "timezone", "validity", "zones", "territory", "exclusions", "operators",
        "proof_classes", "adults_only", "distance_m", "weekdays", "time_slots", "boosters", "beneficiaries", "budget_cents",
        "transit_benefit",
    ];

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex CampaignIdPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,128}$")]
    internal static partial Regex TokenPattern();

    /// <summary>Parses <paramref name="utf8"/>, or throws <see cref="CampaignDocumentException"/> with every error.</summary>
    public static CampaignDocument Parse(ReadOnlySpan<byte> utf8)
    {
        var (doc, errors) = TryParse(utf8);
        return doc ?? throw new CampaignDocumentException(errors);
    }

    public static CampaignDocument Parse(string json) => Parse(System.Text.Encoding.UTF8.GetBytes(json));

    public static (CampaignDocument? Document, IReadOnlyList<CampaignError> Errors) TryParse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxDocumentBytes)
        {
            return (null, [new CampaignError("$", $"document larger than {MaxDocumentBytes} bytes")]);
        }
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = 16, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException e)
        {
            return (null, [new CampaignError($"$ (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})", $"not valid JSON: {e.Message}")]);
        }
        using (json)
        {
            var w = new JsonWalker();
            var doc = Read(w, json.RootElement, Convert.ToHexStringLower(SHA256.HashData(utf8)));
            return w.Errors.Count == 0 ? (doc, []) : (null, w.Errors);
        }
    }

    private static CampaignDocument? Read(JsonWalker w, JsonElement root, string sha)
    {
        const string P = "$";
        if (!w.Object(root, P, TopFields))
        {
            return null;
        }
        var version = w.Integer(root, "schema_version", P, true, 0, int.MaxValue);
        if (version is not null && version != SchemaVersion)
        {
            w.Error("$.schema_version", $"unsupported schema version {version} (this platform reads {SchemaVersion})");
        }
        var id = w.String(root, "id", P, true, CampaignIdPattern());
        var name = w.String(root, "name", P, true, maxLength: 200);
        var note = w.String(root, "note", P, false, maxLength: 4000);
        var tz = ReadTimeZone(w, root);
        var validity = ReadRange(w, w.Field(root, "validity", P, true), "$.validity", requireEnd: false);
        var zones = ReadZones(w, root);
        var territory = w.Field(root, "territory", P, false) is { } t ? ReadPredicate(w, t, "$.territory", zones) : null;
        var exclusions = (w.Array(root, "exclusions", P, false, 64) ?? [])
            .Select(x => ReadPredicate(w, x.Item, x.Path, zones)).OfType<ZonePredicate>().ToList();
        var operators = ReadOperators(w, root, validity);
        var classes = ReadProofClasses(w, root, validity);
        var adults = w.Bool(root, "adults_only", P) ?? false;
        var distance = ReadDistance(w, w.Field(root, "distance_m", P, false), "$.distance_m") ?? new DistanceRange(0, 1_000_000);
        var weekdays = ReadWeekdays(w, root);
        var slots = ReadTimeSlots(w, root);
        var boosters = ReadBoosters(w, root, validity);
        var beneficiaries = ReadBeneficiaries(w, root, distance);
        var budget = w.Integer(root, "budget_cents", P, false, 1, long.MaxValue / 4);
        var benefit = ReadTransitBenefit(w, w.Field(root, "transit_benefit", P, false));

        if (w.Errors.Count > 0 || id is null || name is null || tz is null || validity is null)
        {
            return null;
        }
        return new CampaignDocument(new CampaignId(id), name, note, tz, validity, zones, territory, exclusions, operators,
            classes, adults, distance, weekdays, slots, boosters, beneficiaries, budget, sha, benefit);
    }

    /// <summary>
    /// <c>transit_benefit</c>: a proven carpool journey of this campaign rides one connecting transit leg free, starting
    /// within <c>connecting_leg_minutes</c> (1-240) of the carpool's start, at a proof class of at least
    /// <c>min_proof_class</c> (default B), on the listed transit operators (all when absent).
    /// </summary>
    private static TransitBenefit? ReadTransitBenefit(JsonWalker w, JsonElement? e)
    {
        const string P = "$.transit_benefit";
        if (e is not { } obj || !w.Object(obj, P, "connecting_leg_minutes", "min_proof_class", "transit_operators"))
        {
            return null;
        }
        var minutes = w.Integer(obj, "connecting_leg_minutes", P, true, 1, 240);
        var cls = w.String(obj, "min_proof_class", P, false, ProofClassPattern()) ?? "B";
        HashSet<string>? operators = null;
        if (w.Array(obj, "transit_operators", P, false, 64, minItems: 1) is { } items)
        {
            operators = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (item, path) in items)
            {
                if (item.ValueKind != JsonValueKind.String || item.GetString() is not { } op || !CampaignIdPattern().IsMatch(op))
                {
                    w.Error(path, "an operator id (lower-case letters, digits and dashes)");
                }
                else if (!operators.Add(op))
                {
                    w.Error(path, $"operator '{op}' is listed twice");
                }
            }
        }
        return minutes is null ? null : new TransitBenefit(TimeSpan.FromMinutes(minutes.Value), Enum.Parse<ProofClass>(cls), operators);
    }

    [GeneratedRegex("^[ABC]$")]
    private static partial Regex ProofClassPattern();

    private static TimeZoneInfo? ReadTimeZone(JsonWalker w, JsonElement root)
    {
        var s = w.String(root, "timezone", "$", true, maxLength: 64);
        if (s is null)
        {
            return null;
        }
        if (TimeZoneInfo.TryFindSystemTimeZoneById(s, out var tz))
        {
            return tz;
        }
        w.Error("$.timezone", $"'{s}' is not a known IANA time zone");
        return null;
    }

    internal static DateRange? ReadRange(JsonWalker w, JsonElement? e, string path, bool requireEnd, bool requireStart = true)
    {
        if (e is not { } obj || !w.Object(obj, path, "start", "end"))
        {
            return null;
        }
        var start = w.Date(obj, "start", path, requireStart);
        var end = w.Date(obj, "end", path, requireEnd);
        if (start is not null && end is not null && end < start)
        {
            w.Error($"{path}.end", $"ends ({end:yyyy-MM-dd}) before it starts ({start:yyyy-MM-dd})");
            return null;
        }
        return start is null && requireStart ? null : new DateRange(start ?? DateOnly.MinValue, end);
    }

    internal static DistanceRange? ReadDistance(JsonWalker w, JsonElement? e, string path)
    {
        if (e is not { } obj || !w.Object(obj, path, "min", "max"))
        {
            return null;
        }
        var min = w.Integer(obj, "min", path, false, 0, 1_000_000) ?? 0;
        var max = w.Integer(obj, "max", path, false, 0, 1_000_000) ?? 1_000_000;
        if (min > max)
        {
            w.Error($"{path}.max", $"maximum {max} m is below minimum {min} m");
        }
        return new DistanceRange((int)min, (int)max);
    }
}
