using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

internal static class ProofCommands
{
    /// <summary>Registers the <c>proof</c> commands.</summary>
    public static IConfigurator AddProofCommands(this IConfigurator config)
    {
        config.AddBranch("proof", proof =>
        {
            proof.SetDescription("Carpool proofs: signed declarations, proof classes, rules, attestations.");
            proof.AddCommand<ProofBenchCommand>("bench")
                .WithDescription("Generated declarations through the whole pipeline into DIR (SQLite); throughput, latency, class mix.");
        });
        return config;
    }
}
