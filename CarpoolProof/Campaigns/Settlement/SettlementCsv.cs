using System.Globalization;
using System.Text;
using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.CarpoolProof.Campaigns.Settlement;

/// <summary>
/// The settlement's canonical bytes, which are signed and hashed into the transparency log: this CSV, UTF-8 without
/// BOM, LF line ends, the header below, one row per line in settlement order, integers in invariant culture, times
/// as yyyy-MM-ddTHH:mm:ssZ, empty fields for absent values. Every field is a token without commas, quotes or line
/// breaks (ids are validated on input), so no quoting is ever needed and the bytes are unique for a settlement.
/// </summary>
public static class SettlementCsv
{
    public const string Header =
        "campaign_id,campaign_sha256,operator_id,month,journey_id,log_index,journey_start_utc,beneficiary_role,identity_key,amount_cents,computed_cents,rule,booster_per_mille,cap";

    public static byte[] CanonicalBytes(MonthlySettlement s)
    {
        var sb = new StringBuilder(Header.Length * (s.Lines.Count + 1));
        sb.Append(Header).Append('\n');
        foreach (var l in s.Lines)
        {
            Field(sb, s.CampaignId);
            Field(sb, s.CampaignSha256);
            Field(sb, s.OperatorId);
            Field(sb, s.Month);
            Field(sb, l.JourneyId);
            Field(sb, l.LogIndex?.ToString(CultureInfo.InvariantCulture) ?? "");
            Field(sb, l.StartUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            Field(sb, l.Role == BeneficiaryRole.Driver ? "driver" : "passenger");
            Field(sb, l.IdentityKey);
            Field(sb, l.Cents.ToString(CultureInfo.InvariantCulture));
            Field(sb, l.ComputedCents.ToString(CultureInfo.InvariantCulture));
            Field(sb, l.Rules);
            Field(sb, l.BoosterPerMille.ToString(CultureInfo.InvariantCulture));
            Field(sb, l.Caps, last: true);
        }
        return new UTF8Encoding(false).GetBytes(sb.ToString());
    }

    private static void Field(StringBuilder sb, string value, bool last = false)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
        {
            throw new InvalidOperationException($"'{value}' cannot appear in a canonical settlement field");
        }
        sb.Append(value).Append(last ? '\n' : ',');
    }
}
