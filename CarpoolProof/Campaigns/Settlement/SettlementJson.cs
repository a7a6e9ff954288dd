using System.Security.Cryptography;
using System.Text.Json;
using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.CarpoolProof.Campaigns.Settlement;

/// <summary>
/// The JSON rendering of a signed settlement: the same lines as the canonical CSV plus the signature block. The
/// signature covers the canonical CSV bytes (whose SHA-256 is given), not this JSON.
/// </summary>
public static class SettlementJson
{
    /// <param name="corrects">The settlement of the same operator and month anchored before this one, when this one replaces it.</param>
    public static byte[] Render(MonthlySettlement s, byte[] canonical, byte[] signature, ISettlementSigner signer, long? logIndex, SettlementCorrection? corrects = null)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", "mobility.settlement/1");
            w.WriteString("campaign_id", s.CampaignId);
            w.WriteString("campaign_sha256", s.CampaignSha256);
            w.WriteString("operator_id", s.OperatorId);
            w.WriteString("month", s.Month);
            w.WriteNumber("line_count", s.Lines.Count);
            w.WriteNumber("total_cents", s.TotalCents);
            w.WriteStartArray("lines");
            foreach (var l in s.Lines)
            {
                w.WriteStartObject();
                w.WriteString("journey_id", l.JourneyId);
                if (l.LogIndex is { } li)
                {
                    w.WriteNumber("log_index", li);
                }
                w.WriteString("journey_start_utc", l.StartUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
                w.WriteString("beneficiary_role", l.Role == BeneficiaryRole.Driver ? "driver" : "passenger");
                w.WriteString("identity_key", l.IdentityKey);
                w.WriteNumber("amount_cents", l.Cents);
                w.WriteNumber("computed_cents", l.ComputedCents);
                w.WriteString("rule", l.Rules);
                w.WriteNumber("booster_per_mille", l.BoosterPerMille);
                w.WriteString("cap", l.Caps);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("signature");
            w.WriteString("algorithm", "Ed25519");
            w.WriteString("signed", "canonical CSV bytes (see docs/campaigns.md)");
            w.WriteString("canonical_sha256", Convert.ToHexStringLower(SHA256.HashData(canonical)));
            w.WriteString("key_id", signer.KeyId);
            w.WriteString("public_key", Convert.ToBase64String(signer.PublicKey));
            w.WriteString("value", Convert.ToBase64String(signature));
            w.WriteString("log_leaf", Convert.ToBase64String(SettlementVerifier.Leaf(canonical)));
            if (logIndex is { } index)
            {
                w.WriteNumber("log_index", index);
            }
            w.WriteEndObject();
            if (corrects is { } c)
            {
                // A settled month is never silently replaced: a later settlement names the one it corrects and what changed.
                w.WriteStartObject("corrects");
                w.WriteString("canonical_sha256", c.Sha256);
                w.WriteNumber("log_index", c.LogIndex);
                w.WriteNumber("total_cents", c.TotalCents);
                w.WriteNumber("total_change_cents", s.TotalCents - c.TotalCents);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }
}

/// <summary>The earlier anchored settlement of an operator and month that a new one replaces.</summary>
public sealed record SettlementCorrection(string Sha256, long LogIndex, long TotalCents);
