using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mobility.Ticketing.Clearing;

/// <summary>How a ticket's revenue is shared between the operators of its legs (shared/TICKETING.md, "Clearing").</summary>
public enum ApportionmentMethod
{
    /// <summary>s_i = F_i / sum F_j, F_i the stand-alone fare of leg i.</summary>
    StandaloneFare,

    /// <summary>s_i = w_i d_i / sum w_j d_j, w_i the weight of the leg's mode.</summary>
    PassengerKm,

    /// <summary>R_i = Fix + (R - n Fix) A_i, A_i = a d_i / D + (1 - a) / n.</summary>
    FixedPlusDistance,
}

/// <summary>
/// A published, versioned apportionment policy. <see cref="Sha256"/> is the SHA-256 of the document's bytes as
/// published: every statement names it, so an authority re-computes the shares from the ledger and this file.
/// </summary>
public sealed partial record ApportionmentPolicy(
    string Id, string Version, ApportionmentMethod Method, long FixedPart, int DistancePermille,
    IReadOnlyDictionary<string, int> ModeWeights, decimal VatRatePercent, string Sha256)
{
    public const int MaxBytes = 64 * 1024;

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex VersionPattern();

    public static IReadOnlyList<string> ShippedNames { get; } = ["standalone-fare-1.0.0", "passenger-km-1.0.0", "fixed-plus-distance-1.0.0"];

    public static ApportionmentPolicy Shipped(string name) => Parse(ShippedBytes(name), name);

    /// <summary>A shipped policy's bytes as published (its SHA-256 is the policy's).</summary>
    public static byte[] ShippedBytes(string name)
    {
        using var stream = typeof(ApportionmentPolicy).Assembly.GetManifestResourceStream($"Mobility.Ticketing.Clearing.Policies.{name}.json")
            ?? throw new ArgumentException($"no shipped policy '{name}'", nameof(name));
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    public static ApportionmentPolicy Parse(byte[] json, string source)
    {
        if (json.Length > MaxBytes)
        {
            throw new TicketingInputException(source, 0, "$", $"larger than {MaxBytes} bytes");
        }

        TicketingInputException Fail(string path, string problem) => new(source, 0, path, problem);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw Fail("$", "not valid JSON: " + ex.Message);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Fail("$", "an object");
            }

            string[] known = ["id", "version", "method", "fixedPart", "distancePermille", "modeWeights", "vatRatePercent", "description"];
            foreach (var p in root.EnumerateObject())
            {
                if (!known.Contains(p.Name))
                {
                    throw Fail("$." + p.Name, $"unknown property (known: {string.Join(", ", known)})");
                }
            }

            string Text(string name)
            {
                return root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
                    ? s
                    : throw Fail("$." + name, "a non-empty string");
            }

            long Integer(string name, long min, long max, long dflt)
            {
                if (!root.TryGetProperty(name, out var v))
                {
                    return dflt;
                }

                return v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var x) && x >= min && x <= max
                    ? x
                    : throw Fail("$." + name, $"an integer from {min} to {max}");
            }

            var id = Text("id");
            if (!IdPattern().IsMatch(id))
            {
                throw Fail("$.id", "an id of a-z, 0-9, '.', '_', '-'");
            }

            var version = Text("version");
            if (!VersionPattern().IsMatch(version))
            {
                throw Fail("$.version", "a version MAJOR.MINOR.PATCH");
            }

            var method = Text("method") switch
            {
                "standalone-fare" => ApportionmentMethod.StandaloneFare,
                "passenger-km" => ApportionmentMethod.PassengerKm,
                "fixed-plus-distance" => ApportionmentMethod.FixedPlusDistance,
                var m => throw Fail("$.method", $"standalone-fare, passenger-km or fixed-plus-distance, not '{m}'"),
            };
            var weights = new Dictionary<string, int>(StringComparer.Ordinal);
            if (root.TryGetProperty("modeWeights", out var mw))
            {
                if (mw.ValueKind != JsonValueKind.Object)
                {
                    throw Fail("$.modeWeights", "an object of mode to integer weight");
                }

                foreach (var p in mw.EnumerateObject())
                {
                    weights[p.Name] = p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var w) && w is >= 0 and <= 1000
                        ? w
                        : throw Fail($"$.modeWeights.{p.Name}", "an integer from 0 to 1000");
                }
            }

            decimal vat = 0;
            if (root.TryGetProperty("vatRatePercent", out var vr) && (vr.ValueKind != JsonValueKind.Number || !vr.TryGetDecimal(out vat) || vat < 0 || vat > 100))
            {
                throw Fail("$.vatRatePercent", "a number from 0 to 100");
            }

            return new ApportionmentPolicy(id, version, method,
                Integer("fixedPart", 0, 100_000_000, 0), (int)Integer("distancePermille", 0, 1000, 1000),
                weights, vat, Convert.ToHexStringLower(SHA256.HashData(json)));
        }
    }

    /// <summary>The weight of a mode in passenger-km (1 when the policy does not list it).</summary>
    public int WeightOf(string mode) => ModeWeights.TryGetValue(mode, out var w) ? w : 1;
}
