using Mobility.Node.Cli.Ticket;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

internal static class TicketCommands
{
    /// <summary>Registers the <c>ticket</c> commands (docs/ticketing.md).</summary>
    public static IConfigurator AddTicketCommands(this IConfigurator config)
    {
        config.AddBranch("ticket", ticket =>
        {
            ticket.SetDescription("Shared ticketing: fare capping of taps.");
            ticket.AddCommand<CapCommand>("cap")
                .WithDescription("Charge taps under a capping scheme: taps.csv (id,time,medium,fare,tier) to charges.csv (id,charged).")
                .WithExample("ticket", "cap", "--scheme", "tfl-2025", "--taps", "taps.csv", "--out", "charges.csv");
        });
        return config;
    }
}
