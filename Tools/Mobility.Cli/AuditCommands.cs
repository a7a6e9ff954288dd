using Mobility.Node.Cli.Audit;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

internal static class AuditCommands
{
    /// <summary>
    /// Registers the two <c>audit</c> commands that need more than the proof library: <c>verify-clearing</c>
    /// (Ticketing, which references Routing and so OR-Tools) and the log benchmark. The verifier's own verbs are the
    /// <c>mobility-audit</c> executable (Audit/Mobility.Audit), which this tool does not reference: a tool references
    /// no other tool; the root <c>mobility</c> script sends these two verbs here and the others to the verifier.
    /// </summary>
    public static IConfigurator AddAuditCommands(this IConfigurator config)
    {
        config.AddBranch("audit", audit =>
        {
            audit.SetDescription("Clearing statements and the log benchmark (the other audit verbs are mobility-audit's).");
            audit.AddCommand<BenchLogCommand>("bench-log")
                .WithDescription("Benchmark the transparency log: proof latency at N leaves, durable batched append throughput, memory.")
                .WithExample("audit", "bench-log", "--leaves", "10000000");
            audit.AddCommand<VerifyClearingCommand>("verify-clearing").WithDescription("Verify an issued clearing statement: signature, re-computation from the published input and policy, its log leaf.");
        });
        return config;
    }
}
