using Mobility.CarpoolProof.Declarations;

namespace Mobility.CarpoolProof.Evidence;

/// <summary>What signature verification established about one statement.</summary>
public sealed record StatementCheck(string Role, string DeviceKey, bool SignatureValid, string? IdentityKey);

/// <summary>
/// Result of checking every signature of a declaration. Any present-but-invalid signature is a refusal
/// (<see cref="Failure"/>); statements that are absent simply earn no class.
/// </summary>
public sealed record EvidenceCheck(
    bool OperatorSignatureValid,
    IReadOnlyList<StatementCheck> Pickups,
    IReadOnlyList<StatementCheck> Dropoffs,
    string? Failure,
    string? FailureDetail,
    byte[]? DeclarationMessage = null,
    JourneyEvidence? Unfolded = null)
{
    public bool Ok => Failure is null;

    /// <summary>
    /// The verified statements in v1 form, aligned with <see cref="Pickups"/> and <see cref="Dropoffs"/>: the
    /// declaration's own v1 evidence, or its v2 statements unfolded (<see cref="JourneyEvidence.Unfolded"/>).
    /// </summary>
    public JourneyEvidence VerifiedEvidence(SignedDeclaration d) => Unfolded ?? d.Evidence;
}

/// <summary>Verifies the operator's and the devices' Ed25519 signatures of a declaration; pure apart from the key lookups.</summary>
public static class EvidenceVerifier
{
    /// <summary>At most one pick-up and one drop-off statement per occupant.</summary>
    public const int MaxStatementsPerKind = 2;

    /// <summary>Challenges and nonces: at least 128 random bits, so that a fresh one never collides with a used one.</summary>
    public const int MinNonceBytes = 16;
    public const int MaxNonceBytes = 64;

    /// <param name="signedInBatch">
    /// The declaration came in a <see cref="DeclarationBatch"/>: its operator signature is the batch's, checked once
    /// by <see cref="VerifyBatch"/>, so only the device statements are verified here and
    /// <see cref="EvidenceCheck.DeclarationMessage"/> stays null.
    /// </param>
    public static EvidenceCheck Verify(SignedDeclaration d, KeyDirectory keys, bool signedInBatch = false)
    {
        byte[]? message = null;
        if (signedInBatch)
        {
            if (d.OperatorSignature is not null)
                return Fail(Rules.RuleLabel.InvalidEvidence, "operator_signature: the batch signature covers this declaration");
        }
        else
        {
            if (string.IsNullOrEmpty(d.OperatorSignature))
                return Fail(Rules.RuleLabel.MissingSignature, "operator_signature is missing");
            if (!keys.TryGetOperator(d.OperatorId, out var operatorKey) || operatorKey is null)
                return Fail(Rules.RuleLabel.UnknownKey, $"operator {d.OperatorId} has no registered key");
            message = DeclarationCanonical.SigningMessage(d);
            if (!Base64Url.TryDecode(d.OperatorSignature, Ed25519Keys.SignatureLength, out var opSig)
                || !Ed25519Keys.Verify(operatorKey, message, opSig))
                return Fail(Rules.RuleLabel.InvalidSignature, "operator_signature does not verify");
        }

        var e = d.Evidence;
        if (e.Statements is not null) return VerifyV2(d, keys, message);
        if (e.Pickups.Count > MaxStatementsPerKind || e.Dropoffs.Count > MaxStatementsPerKind)
            return Fail(Rules.RuleLabel.InvalidEvidence, "at most two pick-up and two drop-off statements");

        var pickups = new StatementCheck[e.Pickups.Count];
        for (var i = 0; i < pickups.Length; i++)
        {
            var s = e.Pickups[i];
            if (!Base64Url.TryDecodeRange(s.Challenge, MinNonceBytes, MaxNonceBytes, out _))
                return Fail(Rules.RuleLabel.InvalidEvidence, $"evidence.pickups[{i}].challenge: base64url of 16 to 64 bytes");
            var check = CheckStatement(keys, s.Role, s.DeviceKey, s.Signature, () => StatementCanonical.SigningMessage(s));
            if (check.Failure is { } f) return Fail(f, $"evidence.pickups[{i}]: {check.Detail}");
            if (s.OperatorId != d.OperatorId || s.OperatorJourneyId != d.Journey.OperatorJourneyId)
                return Fail(Rules.RuleLabel.InvalidEvidence, $"evidence.pickups[{i}]: signed for another journey");
            pickups[i] = check.Result!;
        }
        var dropoffs = new StatementCheck[e.Dropoffs.Count];
        for (var i = 0; i < dropoffs.Length; i++)
        {
            var s = e.Dropoffs[i];
            if (!Base64Url.TryDecodeRange(s.Nonce, MinNonceBytes, MaxNonceBytes, out _))
                return Fail(Rules.RuleLabel.InvalidEvidence, $"evidence.dropoffs[{i}].nonce: base64url of 16 to 64 bytes");
            var check = CheckStatement(keys, s.Role, s.DeviceKey, s.Signature, () => StatementCanonical.SigningMessage(s));
            if (check.Failure is { } f) return Fail(f, $"evidence.dropoffs[{i}]: {check.Detail}");
            if (s.OperatorId != d.OperatorId || s.OperatorJourneyId != d.Journey.OperatorJourneyId)
                return Fail(Rules.RuleLabel.InvalidEvidence, $"evidence.dropoffs[{i}]: signed for another journey");
            dropoffs[i] = check.Result!;
        }
        return new EvidenceCheck(true, pickups, dropoffs, null, null, message);
    }

    /// <summary>
    /// Evidence v2: one signature per device (<see cref="StatementCanonical.SigningMessage(JourneyStatement)"/>),
    /// which then stands for both its pick-up and its drop-off. v1 and v2 statements are never mixed in one declaration.
    /// </summary>
    private static EvidenceCheck VerifyV2(SignedDeclaration d, KeyDirectory keys, byte[]? message)
    {
        var e = d.Evidence;
        if (e.Pickups.Count > 0 || e.Dropoffs.Count > 0)
            return Fail(Rules.RuleLabel.InvalidEvidence, "evidence: v2 statements and v1 pickups or dropoffs in one declaration");
        if (e.Statements!.Count > MaxStatementsPerKind)
            return Fail(Rules.RuleLabel.InvalidEvidence, "at most two statements, one per occupant");
        var checks = new StatementCheck[e.Statements.Count];
        for (var i = 0; i < checks.Length; i++)
        {
            var s = e.Statements[i];
            if (!Base64Url.TryDecodeRange(s.Challenge, MinNonceBytes, MaxNonceBytes, out _))
                return Fail(Rules.RuleLabel.InvalidEvidence, $"evidence.statements[{i}].challenge: base64url of 16 to 64 bytes");
            if (!Base64Url.TryDecodeRange(s.Nonce, MinNonceBytes, MaxNonceBytes, out _))
                return Fail(Rules.RuleLabel.InvalidEvidence, $"evidence.statements[{i}].nonce: base64url of 16 to 64 bytes");
            var check = CheckStatement(keys, s.Role, s.DeviceKey, s.Signature, () => StatementCanonical.SigningMessage(s));
            if (check.Failure is { } f) return Fail(f, $"evidence.statements[{i}]: {check.Detail}");
            if (s.OperatorId != d.OperatorId || s.OperatorJourneyId != d.Journey.OperatorJourneyId)
                return Fail(Rules.RuleLabel.InvalidEvidence, $"evidence.statements[{i}]: signed for another journey");
            checks[i] = check.Result!;
        }
        return new EvidenceCheck(true, checks, checks, null, null, message, e.Unfolded());
    }

    /// <summary>
    /// Checks an operator's batch signature over the declarations' hashes (<see cref="DeclarationBatchCanonical"/>);
    /// null when it verifies, else the label and reason that refuse every declaration of the batch.
    /// </summary>
    public static (string Label, string Detail)? VerifyBatch(string operatorId, string? signature, IReadOnlyList<string> declarationHashes, KeyDirectory keys)
    {
        if (string.IsNullOrEmpty(signature)) return (Rules.RuleLabel.MissingSignature, "the batch's operator_signature is missing");
        if (!keys.TryGetOperator(operatorId, out var operatorKey) || operatorKey is null)
            return (Rules.RuleLabel.UnknownKey, $"operator {operatorId} has no registered key");
        if (!Base64Url.TryDecode(signature, Ed25519Keys.SignatureLength, out var sig)
            || !Ed25519Keys.Verify(operatorKey, DeclarationBatchCanonical.SigningMessage(operatorId, declarationHashes), sig))
            return (Rules.RuleLabel.InvalidSignature, "the batch's operator_signature does not verify over its declarations");
        return null;
    }

    private static (StatementCheck? Result, string? Failure, string? Detail) CheckStatement(
        KeyDirectory keys, string role, string deviceKey, string? signature, Func<byte[]> message)
    {
        if (!OccupantRole.IsValid(role)) return (null, Rules.RuleLabel.InvalidEvidence, "role must be driver or passenger");
        if (string.IsNullOrEmpty(signature)) return (null, Rules.RuleLabel.MissingSignature, "signature is missing");
        if (!keys.TryGetDevice(deviceKey, out var device) || device is null)
            return (null, Rules.RuleLabel.UnknownKey, "device key is not registered");
        if (!Base64Url.TryDecode(signature, Ed25519Keys.SignatureLength, out var sig) || !Ed25519Keys.Verify(device.Key, message(), sig))
            return (null, Rules.RuleLabel.InvalidSignature, "signature does not verify");
        return (new StatementCheck(role, deviceKey, true, device.Identity.Value), null, null);
    }

    private static EvidenceCheck Fail(string label, string detail) => new(false, [], [], label, detail);
}
