using Spectre.Console.Cli;

namespace Mobility.Audit.Cli;

/// <summary>
/// The audit verbs, registered under <c>audit</c> by the verifier and by the node: offline checks
/// that need no private key, and an export that writes nothing where it reads.
/// </summary>
public static class AuditVerbs
{
    /// <summary>Registers the verbs in the <c>audit</c> branch (the node adds its own node-only verbs beside them).</summary>
    public static void Add(IConfigurator<CommandSettings> audit)
    {
        audit.AddCommand<VerifyLogCommand>("verify-log")
            .WithDescription("Recompute the log root from OUT/leaves.txt and check it against OUT/checkpoint signed by OUT/platform.vkey.")
            .WithExample("audit", "verify-log", "out");
        audit.AddCommand<VerifyConsistencyCommand>("verify-consistency")
            .WithDescription("Check that NEW_CHECKPOINT's tree extends OLD_CHECKPOINT's with an RFC 9162 consistency proof file.")
            .WithExample("audit", "verify-consistency", "old/checkpoint", "new/checkpoint", "--proof", "proof.txt", "--key", "platform.vkey");
        audit.AddCommand<AuditExportCommand>("export")
            .WithDescription("Export, read-only and keyless, the log, attestations, signed declarations, key bindings and campaigns of a node's data folder (or a proof directory).")
            .WithExample("audit", "export", "--data", "~/.local/share/mobility", "--out", "out");
        audit.AddCommand<AuditReplayCommand>("replay")
            .WithDescription("Re-decide every proof class, rule label, campaign amount and settlement of an export from the declarations and the published campaign documents; list each difference from what the platform decided.")
            .WithExample("audit", "replay", "out", "--rules", "published/campaigns");
        audit.AddCommand<VerifyAttestationCommand>("verify-attestation")
            .WithDescription("Verify an attestation with the platform verifier key.")
            .WithExample("audit", "verify-attestation", "out/attestations/000000000-op-j1.json", "--key", "out/platform.vkey");
    }
}
