using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

internal static class AuditCommands
{
    /// <summary>Registers the <c>audit</c> commands: offline checks, no database and no network.</summary>
    public static IConfigurator AddAuditCommands(this IConfigurator config)
    {
        config.AddBranch("audit", audit =>
        {
            audit.SetDescription("Offline audit of the carpool proof log and attestations.");
            audit.AddCommand<AuditExportCommand>("export").WithDescription("Export leaves, checkpoint, verifier key and attestations from DIR.");
            audit.AddCommand<VerifyAttestationCommand>("verify-attestation").WithDescription("Verify an attestation with the platform verifier key.");
        });
        return config;
    }
}
