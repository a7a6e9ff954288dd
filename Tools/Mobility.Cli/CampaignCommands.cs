using Mobility.Node.Cli.Campaign;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

internal static class CampaignCommands
{
    /// <summary>Registers the <c>campaign</c> commands (docs/campaigns.md).</summary>
    public static IConfigurator AddCampaignCommands(this IConfigurator config)
    {
        config.AddBranch("campaign", campaign =>
        {
            campaign.SetDescription("Incentive campaigns: validate, simulate (what-if), settle, verify, statements, open data.");
            campaign.AddCommand<ValidateCommand>("validate").WithDescription("Check a campaign document; errors carry their JSON path.");
            campaign.AddCommand<SimulateCommand>("simulate").WithDescription("Run a campaign on past journeys: totals, rules, caps, budget.");
            campaign.AddCommand<SettleCommand>("settle").WithDescription("Signed monthly settlements per operator (CSV, JSON, signature).");
            campaign.AddCommand<VerifySettlementCommand>("verify-settlement").WithDescription("Check a settlement's signature offline.");
            campaign.AddCommand<KeygenCommand>("keygen").WithDescription("Create a platform Ed25519 key pair for settlements.");
            campaign.AddCommand<StatementCommand>("statement").WithDescription("A driver's yearly statement across campaigns.");
            campaign.AddCommand<OpenDataCommand>("opendata").WithDescription("k-anonymous origin-destination export.");
            campaign.AddCommand<BenchCommand>("bench").WithDescription("Journeys per second through the engine.");
        });
        return config;
    }
}
