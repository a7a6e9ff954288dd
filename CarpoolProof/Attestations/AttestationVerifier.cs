using System.Text.Json;
using System.Text.Json.Nodes;
using Mobility.CarpoolProof.Log;
using Mobility.CarpoolProof.Log.Notes;
using Mobility.CarpoolProof.Pipeline;

namespace Mobility.CarpoolProof.Attestations;

/// <summary>The verdict on one attestation: null <see cref="Failure"/> means it verified.</summary>
public sealed record AttestationVerification(string? Failure, JourneyCommitment? Commitment, long LeafIndex, long TreeSize, string? RevokedBy = null)
{
    public bool Ok => Failure is null;

    /// <summary>The log leaf the attestation is included as (v1: the commitment; v2: the sealed leaf), once its inclusion verified.</summary>
    public byte[]? Leaf { get; init; }
}

/// <summary>
/// Offline check of an attestation with nothing but the platform's verifier key (C2SP vkey): the eddsa-jcs-2022
/// proof, the subject's consistency with the journey commitment it carries, the checkpoint's signed note, and the
/// RFC 9162 inclusion proof of the leaf under the checkpoint root: the commitment itself (a v1 leaf), or the sealed v2
/// leaf it carries as <c>logLeaf</c>, which <c>commitmentSalt</c> and the commitment must open. Optionally the published leaves are
/// searched for a status change that revokes the journey.
/// </summary>
public static class AttestationVerifier
{
    public const int MaxBytes = 1 << 20;

    public static AttestationVerification Verify(string json, string platformVkey, IReadOnlyList<byte[]>? publishedLeaves = null)
    {
        NoteVerifier verifier;
        try { verifier = NoteVerifier.Parse(platformVkey.Trim()); }
        catch (NoteException e) { return Fail($"verifier key: {e.Message}"); }
        if (json.Length > MaxBytes) return Fail($"attestation larger than {MaxBytes} bytes");
        JsonObject vc;
        try
        {
            vc = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 32 }) as JsonObject
                ?? throw new JsonException("not a JSON object");
        }
        catch (JsonException e) { return Fail($"attestation is not JSON: {e.Message}"); }
        try
        {
            return Verify(vc, verifier, publishedLeaves);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException or ArgumentException or NoteException)
        {
            return Fail($"malformed attestation: {e.Message}");
        }
    }

    public static AttestationVerification Verify(JsonObject vc, NoteVerifier verifier, IReadOnlyList<byte[]>? publishedLeaves = null)
    {
        var publicKey = verifier.PublicKey.ToArray();
        // 1. The Data Integrity proof, by the platform key, and the issuer is that key.
        if (EddsaJcs2022.Verify(vc, publicKey) is { } proofFailure) return Fail(proofFailure);
        if ((string?)vc["issuer"] != DidKey.Did(publicKey)) return Fail("issuer is not the platform key's did:key");
        if ((string?)vc["proof"]?["verificationMethod"] != DidKey.VerificationMethod(publicKey)) return Fail("proof.verificationMethod is not the platform key");
        if (vc["type"] is not JsonArray types || !types.Any(t => (string?)t == AttestationIssuer.CredentialType)) return Fail("not a CarpoolProofAttestation");

        // 2. The subject restates the commitment it carries.
        if (vc["credentialSubject"] is not JsonObject subject) return Fail("credentialSubject missing");
        if (subject["journeyCommitment"] is not JsonObject commitmentJson || JourneyCommitment.FromJson(commitmentJson) is not { } commitment)
            return Fail("journeyCommitment is not a canonical journey commitment");
        if ((string?)subject["proofClass"] != commitment.ProofClass) return Fail("proofClass differs from the commitment");
        if ((string?)subject["status"] != commitment.Status) return Fail("status differs from the commitment");
        if (subject["ruleResults"] is not JsonArray rules) return Fail("ruleResults missing");
        var failed = rules.Where(r => (string?)r!["result"] == "fail").Select(r => (string)r!["label"]!).Order(StringComparer.Ordinal).ToArray();
        if (!failed.SequenceEqual(commitment.Labels.Order(StringComparer.Ordinal))) return Fail("failed rules differ from the commitment's labels");

        // 3. The checkpoint is signed by the platform key; the leaf is included under its root.
        if (subject["transparencyLog"] is not JsonObject log) return Fail("transparencyLog missing");
        var index = (long)log["leafIndex"]!;
        var size = (long)log["treeSize"]!;
        Checkpoint checkpoint;
        try { checkpoint = Checkpoint.Open((string)log["checkpoint"]!, verifier); }
        catch (NoteException e) { return Fail($"checkpoint: {e.Message}", commitment, index, size); }
        if (checkpoint.Size != size) return Fail("treeSize differs from the checkpoint's size", commitment, index, size);
        var path = new List<byte[]>();
        foreach (var h in (JsonArray)log["inclusionProof"]!)
        {
            if (!NoteKeys.TryDecodeBase64Strict((string)h!, out var bytes) || bytes.Length != TreeHasher.HashSize)
                return Fail("inclusionProof holds a value that is not a base64 SHA-256 hash", commitment, index, size);
            path.Add(bytes);
        }
        // A v1 leaf is the commitment itself; a v2 leaf is public and sealed: the holder's salt must open it.
        var leaf = commitment.LeafBytes();
        if (subject["commitmentSalt"] is not null || subject["logLeaf"] is not null)
        {
            if (subject["commitmentSalt"] is not JsonValue saltValue || !Evidence.Base64Url.TryDecode((string?)saltValue, SealedLeaf.SaltBytes, out var salt))
                return Fail("commitmentSalt is not 32 bytes in base64url", commitment, index, size);
            if (subject["logLeaf"] is not JsonObject logLeaf) return Fail("logLeaf missing", commitment, index, size);
            var sealedLeaf = Canonical.Jcs.Canonicalize(logLeaf);
            if (SealedLeaf.Parse(sealedLeaf) is not { IsJourney: true } || SealedLeaf.Open(sealedLeaf, new LeafOpening(salt, leaf)) is not JourneyCommitment)
                return Fail("the salt and journeyCommitment do not open logLeaf (wrong salt, or a changed commitment)", commitment, index, size);
            leaf = sealedLeaf;
        }
        if (!ProofVerifier.VerifyInclusion(TreeHasher.HashLeaf(leaf), index, size, path, checkpoint.RootHash))
            return Fail("inclusion proof does not lead to the checkpoint root", commitment, index, size);

        // 4. Revocation: a later status-change leaf naming this leaf.
        if (publishedLeaves is not null)
        {
            var leafHash = StatusChange.LeafHash(leaf);
            if (index >= publishedLeaves.Count || !publishedLeaves[(int)index].AsSpan().SequenceEqual(leaf))
                return Fail("the published leaves do not hold this commitment at its index", commitment, index, size);
            for (var i = (int)index + 1; i < publishedLeaves.Count; i++)
            {
                if (StatusChange.TryParse(publishedLeaves[i]) is { } change && change.JourneyLeafHash == leafHash)
                    return new AttestationVerification($"revoked by leaf {i}: {change.Status} ({change.Reason})", commitment, index, size, change.Reason) { Leaf = leaf };
                // A sealed status leaf says which journey leaf it revokes, not why (the reason is in its opening).
                if (SealedLeaf.Parse(publishedLeaves[i]) is { IsJourney: false } sealedChange && sealedChange.JourneyLeafHash == leafHash)
                    return new AttestationVerification($"revoked by leaf {i}", commitment, index, size, StatusChange.Revoked) { Leaf = leaf };
            }
        }
        return new AttestationVerification(null, commitment, index, size) { Leaf = leaf };
    }

    /// <summary>
    /// Checks published leaves against a signed checkpoint (same size, same RFC 9162 root), so they can be trusted
    /// for revocation; returns null when they match, else the reason.
    /// </summary>
    public static string? CheckPublishedLeaves(IReadOnlyList<byte[]> leaves, string checkpointNote, NoteVerifier verifier)
    {
        Checkpoint checkpoint;
        try { checkpoint = Checkpoint.Open(checkpointNote, verifier); }
        catch (NoteException e) { return $"checkpoint: {e.Message}"; }
        if (checkpoint.Size != leaves.Count) return $"checkpoint size {checkpoint.Size} but {leaves.Count} leaves";
        using var log = TransparencyLog.CreateInMemory(new TransparencyLogOptions { Origin = checkpoint.Origin }, keepLeaves: false);
        const int chunk = 1 << 15;
        for (var i = 0; i < leaves.Count; i += chunk)
            log.AppendBatch(leaves.Skip(i).Take(Math.Min(chunk, leaves.Count - i)).ToArray());
        return log.RootHash().AsSpan().SequenceEqual(checkpoint.RootHash) ? null : "leaves do not hash to the checkpoint root";
    }

    private static AttestationVerification Fail(string reason, JourneyCommitment? c = null, long index = -1, long size = -1) =>
        new(reason, c, index, size);
}
