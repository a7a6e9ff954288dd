using System.Globalization;
using System.Numerics;

namespace Mobility.Ticketing.Clearing;

/// <summary>Applies a policy to one ticket: the shares of its legs, which sum to its revenue to the cent.</summary>
public static class Apportionment
{
    public const int MaxLegs = 64;

    public static long[] Shares(ApportionmentPolicy policy, ClearingTicket ticket)
    {
        var legs = ticket.Legs;
        if (legs.Count is 0 or > MaxLegs)
        {
            throw new ArgumentException($"a ticket has 1 to {MaxLegs} legs", nameof(ticket));
        }

        if (legs.Any(l => l.StandaloneFare < 0 || l.DistanceMeters < 0 || l.UsedSeconds < 0))
        {
            throw new ArgumentException($"ticket {ticket.TicketId}: negative fare, distance or time", nameof(ticket));
        }

        var revenue = ticket.Revenue.Amount;
        switch (policy.Method)
        {
            case ApportionmentMethod.StandaloneFare:
                return LargestRemainder.Split(revenue, [.. legs.Select(l => new BigInteger(l.StandaloneFare))]);
            case ApportionmentMethod.PassengerKm:
                return LargestRemainder.Split(revenue, [.. legs.Select(l => new BigInteger(l.DistanceMeters) * policy.WeightOf(l.Mode))]);
            default:
                {
                    // R_i = Fix + (R - n Fix) A_i with A_i = a d_i / D + (1 - a) / n; over the common denominator
                    // 1000 n D the weights are a d_i n + (1000 - a) D. When R cannot pay n fixed parts, each gets R / n.
                    var n = legs.Count;
                    var magnitude = Math.Abs(revenue);
                    var fix = Math.Min(policy.FixedPart, magnitude / n);
                    var distance = legs.Aggregate(BigInteger.Zero, (s, l) => s + l.DistanceMeters);
                    var a = policy.DistancePermille;
                    var weights = legs.Select(l => (a * new BigInteger(l.DistanceMeters) * n) + ((1000 - a) * distance)).ToArray();
                    var rest = LargestRemainder.Split(magnitude - (n * fix), weights);
                    return [.. rest.Select(r => Math.Sign(revenue) * (fix + r))];
                }
        }
    }

    /// <summary>The journal entries of a ticket, one per leg, naming the policy and its hash.</summary>
    public static IEnumerable<JournalEntry> Entries(ApportionmentPolicy policy, ClearingTicket ticket)
    {
        var shares = Shares(policy, ticket);
        var comment = $"{policy.Id} {policy.Version} sha256:{policy.Sha256}";
        for (var i = 0; i < shares.Length; i++)
        {
            var leg = ticket.Legs[i];
            yield return new JournalEntry(ticket.TicketId, i.ToString(CultureInfo.InvariantCulture), leg.Operator, shares[i],
                ExVat(shares[i], policy.VatRatePercent), ticket.Revenue.Currency, policy.VatRatePercent,
                ticket.Revenue.Amount < 0 ? "REFUND" : "FARE", leg.DistanceMeters / 1000.0, "KM", leg.UsedSeconds, "TO_INVOICE", comment);
        }
    }

    /// <summary>Amount excluding VAT, rounded half away from zero to the minor unit.</summary>
    public static long ExVat(long amount, decimal vatPercent) =>
        (long)Math.Round(amount * 100m / (100m + vatPercent), MidpointRounding.AwayFromZero);
}
