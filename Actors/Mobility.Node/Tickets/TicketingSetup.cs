using Mobility.Node.Configuration;
using Mobility.Node.Security;

namespace Mobility.Node.Tickets;

/// <summary>What the ticket endpoints share: the signing keys and the secret that derives media ids.</summary>
public sealed record TicketingContext(TicketKeyRing Keys, byte[] MediumSecret);

public static class TicketingSetup
{
    public static IServiceCollection AddTicketing(this IServiceCollection services, NodeSettings settings) =>
        services.AddSingleton(sp => new TicketingContext(
            TicketKeyRing.LoadOrCreate(settings, sp.GetRequiredService<TimeProvider>()), NodeSecret.Resolve(settings)));
}
