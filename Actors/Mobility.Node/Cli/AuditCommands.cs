using Mobility.Audit.Cli;
using Mobility.Node.Cli.Audit;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

internal static class AuditCommands
{
    /// <summary>
    /// Registers the <c>audit</c> commands: the verifier's own verbs (project Audit/Mobility.Audit, the
    /// <c>mobility-audit</c> executable, same commands and exit codes), plus two that need more than the proof library:
    /// <c>verify-clearing</c> (Ticketing, which references Routing and so OR-Tools) and the log benchmark.
    /// </summary>
    public static IConfigurator AddAuditCommands(this IConfigurator config)
    {
        config.AddBranch("audit", audit =>
        {
            audit.SetDescription("Offline audit: re-check published logs, checkpoints, proofs and decisions without trusting the platform.");
            AuditVerbs.Add(audit);
            audit.AddCommand<BenchLogCommand>("bench-log")
                .WithDescription("Benchmark the transparency log: proof latency at N leaves, durable batched append throughput, memory.")
                .WithExample("audit", "bench-log", "--leaves", "10000000");
            audit.AddCommand<VerifyClearingCommand>("verify-clearing").WithDescription("Verify an issued clearing statement: signature, re-computation from the published input and policy, its log leaf.");
        });
        return config;
    }
}
