using Mobility.Node.Configuration;
using Mobility.Node.Security;

namespace Mobility.Node.Tickets;

/// <summary>What the ticket endpoints share: the signing keys and the secret that derives media ids.</summary>
public sealed record TicketingContext(TicketKeyRing Keys, byte[] MediumSecret);

public static class TicketingSetup
{
    /// <summary>The ticket keys and media secret, and the node's one capping engine (accounts charge with it, the account page reads cap progress from it).</summary>
    public static IServiceCollection AddTicketing(this IServiceCollection services, NodeSettings settings) =>
        services.AddSingleton(new Mobility.Ticketing.Capping.CappingEngine(settings.CapScheme))
            .AddSingleton(sp => new TicketingContext(
                TicketKeyRing.LoadOrCreate(settings, sp.GetRequiredService<TimeProvider>()), NodeSecret.Resolve(settings)));
}
