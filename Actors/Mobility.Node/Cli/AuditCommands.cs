using Mobility.Node.Cli.Audit;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

internal static class AuditCommands
{
    /// <summary>Registers the <c>audit</c> commands: offline checks that need no database and no network.</summary>
    public static IConfigurator AddAuditCommands(this IConfigurator config)
    {
        config.AddBranch("audit", audit =>
        {
            audit.SetDescription("Offline audit: re-check published logs, checkpoints and proofs without trusting the platform.");
            audit.AddCommand<VerifyLogCommand>("verify-log")
                .WithDescription("Recompute the log root from OUT/leaves.txt and check it against OUT/checkpoint signed by OUT/platform.vkey.")
                .WithExample("audit", "verify-log", "out");
            audit.AddCommand<VerifyConsistencyCommand>("verify-consistency")
                .WithDescription("Check that NEW_CHECKPOINT's tree extends OLD_CHECKPOINT's with an RFC 9162 consistency proof file.")
                .WithExample("audit", "verify-consistency", "old/checkpoint", "new/checkpoint", "--proof", "proof.txt", "--key", "platform.vkey");
            audit.AddCommand<BenchLogCommand>("bench-log")
                .WithDescription("Benchmark the transparency log: proof latency at N leaves, durable batched append throughput, memory.")
                .WithExample("audit", "bench-log", "--leaves", "10000000");
            audit.AddCommand<AuditExportCommand>("export").WithDescription("Export leaves, checkpoint, verifier key and attestations from DIR."); // proof helper
            audit.AddCommand<VerifyAttestationCommand>("verify-attestation").WithDescription("Verify an attestation with the platform verifier key."); // proof helper
            audit.AddCommand<VerifyClearingCommand>("verify-clearing").WithDescription("Verify an issued clearing statement: signature, re-computation from the published input and policy, its log leaf.");
        });
        return config;
    }
}
