using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NSec.Cryptography;

namespace Mobility.Ticketing.Tickets;

/// <summary>Where a ticket key stands: signing now, kept to verify the tickets it signed, or withdrawn.</summary>
public enum TicketKeyStatus
{
    Active,
    Retired,
    Revoked,
}

/// <summary>A published ticket key: it verifies tickets issued between <see cref="NotBefore"/> and <see cref="NotAfter"/>.</summary>
public sealed record TicketKey(string Kid, byte[] PublicKey, DateTimeOffset NotBefore, DateTimeOffset NotAfter, TicketKeyStatus Status);

/// <summary>
/// The published list of the issuer's ticket keys (JSON, docs/ticketing.md). Rotation adds a key and retires the
/// active one, which keeps verifying the tickets it signed until its end; a revoked key verifies nothing.
/// </summary>
public sealed class KeyList
{
    public const int MaxKeys = 256;

    public KeyList(string issuer, IReadOnlyList<TicketKey> keys)
    {
        Issuer = issuer;
        Keys = keys;
    }

    public string Issuer { get; }

    public IReadOnlyList<TicketKey> Keys { get; }

    public TicketKey? Find(string kid) => Keys.FirstOrDefault(k => k.Kid == kid);

    /// <summary>Adds a key that signs from <paramref name="now"/>; the active keys retire and verify until their end.</summary>
    public KeyList Rotate(string kid, byte[] publicKey, DateTimeOffset now, DateTimeOffset notAfter)
    {
        if (Find(kid) is not null)
        {
            throw new ArgumentException($"key id '{kid}' is already listed", nameof(kid));
        }

        var keys = Keys.Select(k => k.Status == TicketKeyStatus.Active ? k with { Status = TicketKeyStatus.Retired } : k).ToList();
        keys.Add(new TicketKey(kid, publicKey, now, notAfter, TicketKeyStatus.Active));
        return new KeyList(Issuer, keys);
    }

    public KeyList Revoke(string kid) =>
        new(Issuer, [.. Keys.Select(k => k.Kid == kid ? k with { Status = TicketKeyStatus.Revoked } : k)]);

    public string ToJson()
    {
        var keys = new JsonArray();
        foreach (var k in Keys)
        {
            keys.Add(new JsonObject
            {
                ["kid"] = k.Kid,
                ["kty"] = "OKP",
                ["crv"] = "Ed25519",
                ["x"] = Base64Url(k.PublicKey),
                ["notBefore"] = k.NotBefore.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["notAfter"] = k.NotAfter.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["status"] = k.Status.ToString().ToLowerInvariant(),
            });
        }

        return new JsonObject { ["issuer"] = Issuer, ["keys"] = keys }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    public static KeyList ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new TicketingInputException(path, 0, null, "no such file");
        }

        if (new FileInfo(path).Length > 1 << 20)
        {
            throw new TicketingInputException(path, 0, null, "larger than 1 MiB");
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static KeyList Parse(string json, string source)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new TicketingInputException(source, 0, "$", "not valid JSON: " + ex.Message);
        }

        TicketingInputException Fail(string path, string problem) => new(source, 0, path, problem);
        string Text(JsonNode? node, string path) =>
            node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length is > 0 and <= 128 ? s : throw Fail(path, "a string of 1 to 128 characters");
        DateTimeOffset Time(JsonNode? node, string path) =>
            DateTimeOffset.TryParse(Text(node, path), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : throw Fail(path, "an ISO-8601 time");

        if (root is not JsonObject obj)
        {
            throw Fail("$", "an object");
        }

        var issuer = Text(obj["issuer"], "$.issuer");
        if (obj["keys"] is not JsonArray array || array.Count > MaxKeys)
        {
            throw Fail("$.keys", $"an array of at most {MaxKeys} keys");
        }

        var keys = new List<TicketKey>();
        for (var i = 0; i < array.Count; i++)
        {
            var p = $"$.keys[{i}]";
            var k = array[i] as JsonObject ?? throw Fail(p, "an object");
            if (Text(k["kty"], p + ".kty") != "OKP" || Text(k["crv"], p + ".crv") != "Ed25519")
            {
                throw Fail(p + ".crv", "only OKP Ed25519 keys are accepted");
            }

            byte[] x;
            try
            {
                x = FromBase64Url(Text(k["x"], p + ".x"));
            }
            catch (FormatException)
            {
                throw Fail(p + ".x", "base64url");
            }

            if (x.Length != 32)
            {
                throw Fail(p + ".x", "an Ed25519 public key has 32 bytes");
            }

            var status = Text(k["status"], p + ".status") switch
            {
                "active" => TicketKeyStatus.Active,
                "retired" => TicketKeyStatus.Retired,
                "revoked" => TicketKeyStatus.Revoked,
                var s => throw Fail(p + ".status", $"active, retired or revoked, not '{s}'"),
            };
            var kid = Text(k["kid"], p + ".kid");
            if (keys.Exists(e => e.Kid == kid))
            {
                throw Fail(p + ".kid", $"key id '{kid}' listed twice");
            }

            keys.Add(new TicketKey(kid, x, Time(k["notBefore"], p + ".notBefore"), Time(k["notAfter"], p + ".notAfter"), status));
        }

        return new KeyList(issuer, keys);
    }

    public static PublicKey Import(TicketKey key) => PublicKey.Import(SignatureAlgorithm.Ed25519, key.PublicKey, KeyBlobFormat.RawPublicKey);

    internal static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
