using System.Globalization;
using System.Text;
using Akka.Actor;
using Mobility.Actors.Accounts;
using Mobility.Ticketing.Capping;
using Mobility.Ticketing.Clearing;
using Mobility.Ticketing.Fares;

namespace Mobility.Node.Tickets;

/// <summary>
/// The clearing input of a month, projected from the journal's ticketing ledger (every account's charged taps, tag
/// <see cref="AccountActor.LedgerTag"/>): one clearing ticket per medium and travel day, its revenue what the day's taps
/// are charged now (after caps and free connections), its legs the day's taps with their uncapped fares. Spread by
/// stand-alone fare, a capped day is shared pro rata to the fares of its rides (TICKETING.md, formula 4). A connecting leg
/// a carpool campaign grants is its own ticket, paid by the campaign: id <c>campaign:ID/JOURNEY</c>, the journey's leaf hash (see
/// <see cref="ClearingTicket.Payer"/>), revenue its full fare, one leg to the operator that ran it.
/// </summary>
public static class ClearingLedger
{
    public const string CsvHeader = "ticket_id,revenue,currency,operator,mode,standalone_fare,distance_m,used_s";

    public static async Task<IReadOnlyList<ClearingTicket>> TicketsOfMonthAsync(ActorSystem system, CapScheme scheme, string month, CancellationToken ct)
    {
        var taps = new Dictionary<string, RecordedTap>(StringComparer.Ordinal);
        var posted = new Dictionary<string, long>(StringComparer.Ordinal);
        var refunded = new HashSet<string>(StringComparer.Ordinal);
        await TaggedEvents.ReadAsync(system, AccountActor.LedgerTag, e =>
        {
            // A refunded ride is no ride: it leaves the ticket, and the re-charges of its period count.
            if (e is AccountEvents.TapRefunded refund)
            {
                refunded.Add(refund.Medium + "\n" + refund.TapId);
                foreach (var entry in refund.Entries)
                {
                    var key = refund.Medium + "\n" + entry.TapId;
                    posted[key] = posted.GetValueOrDefault(key) + entry.Amount;
                }
            }

            if (e is AccountEvents.TapsCharged charged)
            {
                foreach (var tap in charged.Taps)
                {
                    taps[tap.Tap.Medium + "\n" + tap.Tap.Id] = tap;
                }

                foreach (var entry in charged.Entries)
                {
                    var key = charged.Medium + "\n" + entry.TapId;
                    posted[key] = posted.GetValueOrDefault(key) + entry.Amount;
                }
            }
        }, ct);

        var campaignPaid = taps.Where(t => t.Value.Carpool is not null && !refunded.Contains(t.Key))
            .Select(t => (t.Value, Day: TravelDay(scheme, t.Value.Tap.Time)))
            .Where(t => t.Day.ToString("yyyy-MM", CultureInfo.InvariantCulture) == month)
            .OrderBy(t => t.Day).ThenBy(t => t.Value.Carpool!.Campaign, StringComparer.Ordinal).ThenBy(t => t.Value.Tap.Medium, StringComparer.Ordinal).ThenBy(t => t.Value.Tap.Id, StringComparer.Ordinal)
            .Select(t => new ClearingTicket(
                ClearingTicket.CampaignPrefix + t.Value.Carpool!.Campaign + "/" + t.Value.Carpool.Journey,
                t.Value.Tap.Time,
                new Money(t.Value.Tap.Fare, scheme.Currency),
                [new ClearingLeg(t.Value.OperatorId.Value, t.Value.Tap.Tier, t.Value.Tap.Fare, 0, 0)]));

        return [.. taps
            .Where(t => !refunded.Contains(t.Key) && t.Value.Carpool is null)
            .Select(t => (t.Value, Posted: posted.GetValueOrDefault(t.Key), Day: TravelDay(scheme, t.Value.Tap.Time)))
            .Where(t => t.Day.ToString("yyyy-MM", CultureInfo.InvariantCulture) == month)
            .GroupBy(t => (t.Value.Tap.Medium, t.Day))
            .OrderBy(g => g.Key.Day).ThenBy(g => g.Key.Medium, StringComparer.Ordinal)
            .Select(g =>
            {
                var rides = g.OrderBy(t => t.Value.Tap.Time).ThenBy(t => t.Value.Tap.Id, StringComparer.Ordinal).ToList();
                return new ClearingTicket(
                    g.Key.Medium + "/" + g.Key.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    rides[^1].Value.Tap.Time,
                    new Money(rides.Sum(r => r.Posted), scheme.Currency),
                    [.. rides.Select(r => new ClearingLeg(r.Value.OperatorId.Value, r.Value.Tap.Tier, r.Value.Tap.Fare, 0, 0))]);
            }), .. campaignPaid];
    }

    /// <summary>The clearing input as <c>mobility ticket clear --tickets</c> reads it, so an authority re-computes the statement.</summary>
    public static string Csv(IEnumerable<ClearingTicket> tickets)
    {
        var text = new StringBuilder(CsvHeader).Append('\n');
        foreach (var t in tickets)
        {
            foreach (var leg in t.Legs)
            {
                text.Append(CultureInfo.InvariantCulture, $"{t.TicketId},{t.Revenue.Amount},{t.Revenue.Currency},{leg.Operator},{leg.Mode},{leg.StandaloneFare},{leg.DistanceMeters},{leg.UsedSeconds}\n");
            }
        }

        return text.ToString();
    }

    /// <summary>The travel day of a tap on the scheme's wall clock (a day starting at its day start, TfL 04:30).</summary>
    public static DateOnly TravelDay(CapScheme scheme, DateTimeOffset at) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, scheme.TimeZone).DateTime - scheme.DayStart);
}
