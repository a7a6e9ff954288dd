using System.Text.Json;
using Mobility.Actors.Clearing;

namespace Mobility.Node.Api;

/// <summary>
/// An issued clearing statement: <c>statement</c> is its published JSON (as signed, byte for byte in UTF-8),
/// <c>sha256</c> its hash, <c>signature</c> the platform's Ed25519 signature over it (base64; the key is the log's, at
/// <c>GET /log/keys</c>), <c>logIndex</c> the transparency-log leaf that anchors it (prefix <c>mobility.clearing.v1\n</c>
/// then the SHA-256).
/// </summary>
public sealed record IssuedStatementResponse(string Month, string Statement, string Sha256, string Signature, long LogIndex, DateTimeOffset IssuedAt)
{
    public static IssuedStatementResponse Of(IssuedStatement s) => new(s.Month, s.Json, s.Sha256, s.Signature, s.LogIndex, s.IssuedAt);
}

/// <summary>
/// A month's clearing as computed from the ledger now (<c>draft</c>, its SHA-256) and as issued, if it was;
/// <c>changedSinceIssued</c> when taps recorded after the issue would change it.
/// </summary>
public sealed record ClearingMonthResponse(string Month, JsonElement Draft, string DraftSha256, IssuedStatementResponse? Issued, bool ChangedSinceIssued);

/// <summary>An operator's line of an issued statement, with the statement to verify it against.</summary>
public sealed record OperatorStatementResponse(string OperatorId, string Month, long Legs, long Amount, long AmountExVat, string Currency, IssuedStatementResponse Statement);
