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
            ticket.SetDescription("Shared ticketing: fare capping, signed tickets and their offline validation.");
            ticket.AddCommand<CapCommand>("cap")
                .WithDescription("Charge taps under a capping scheme: taps.csv (id,time,medium,fare,tier) to charges.csv (id,charged).")
                .WithExample("ticket", "cap", "--scheme", "tfl-2025", "--taps", "taps.csv", "--out", "charges.csv");
            ticket.AddCommand<FareCommand>("fare").WithDescription("The price of transit legs from GTFS-Fares v2 or v1, over several feeds.");
            ticket.AddCommand<KeygenCommand>("keygen").WithDescription("A new Ed25519 ticket key; the key list gets it and retires the active one.");
            ticket.AddCommand<IssueCommand>("issue").WithDescription("Sign a ticket (CWT in COSE_Sign1) for the legs given; optional QR code.");
            ticket.AddCommand<ValidateCommand>("validate")
                .WithDescription("Validate a ticket offline against a trusted key list: exit 0 valid, 3 with the reason when not.")
                .WithExample("ticket", "validate", "ticket.cose", "--keys", "keys.json", "--at", "2026-12-03T08:10:00Z");
            ticket.AddCommand<Ticket.ValidateCarpoolCommand>("validate-carpool")
                .WithDescription("Whether a proven carpool journey (its attestation) rides a connecting transit leg free under a campaign's transit benefit, offline.");
            ticket.AddCommand<ClearCommand>("clear").WithDescription("Clear a period's tickets under a published apportionment policy: TOMP journal entries and a statement.");
            ticket.AddCommand<BenchCommand>("bench").WithDescription("Fare of a 3-leg itinerary, capping, validation and clearing on one thread: p50/p95/p99 and throughput.");
        });
        return config;
    }
}
