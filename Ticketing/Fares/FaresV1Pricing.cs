namespace Mobility.Ticketing.Fares;

/// <summary>
/// GTFS-Fares v1 (fare_attributes.txt, fare_rules.txt) for a run of legs of one feed: the cheapest sequence of fares
/// covering the rides, each fare covering consecutive rides within its transfers and transfer_duration. A fare covers
/// rides when every ride's route is among its route rules (if it has any), a rule admits the first ride's origin zone
/// and the last ride's destination zone (if it has origin or destination rules), and the zones crossed are exactly its
/// contains_id zones (if it has any). A fare with no rules covers every ride.
/// </summary>
internal static class FaresV1Pricing
{
    public static List<LegFare>? Price(FareFeed feed, IReadOnlyList<FareLeg> legs, List<string> notes)
    {
        var n = legs.Count;
        var best = new long[n + 1];
        var choice = new (int From, FareAttribute? Fare)[n + 1];
        Array.Fill(best, long.MaxValue);
        best[0] = 0;
        for (var j = 1; j <= n; j++)
        {
            for (var i = 0; i < j; i++)
            {
                if (best[i] == long.MaxValue)
                {
                    continue;
                }

                foreach (var fare in feed.Attributes)
                {
                    if (best[i] + fare.Price < best[j] && Covers(feed, fare, legs, i, j - 1))
                    {
                        best[j] = best[i] + fare.Price;
                        choice[j] = (i, fare);
                    }
                }
            }
        }

        if (best[n] == long.MaxValue)
        {
            notes.Add($"{feed.FeedId}: no fare_attributes fare covers the rides (route {string.Join(", ", legs.Select(l => l.RouteId))})");
            return null;
        }

        var fares = legs.Select((l, k) => new LegFare(k, feed.FeedId, [], 0, null)).ToArray();
        for (var j = n; j > 0; j = choice[j].From)
        {
            var (from, fare) = choice[j];
            fares[from] = new LegFare(from, feed.FeedId, [new FareProductUse(FareUseKind.FareV1, fare!.Id, fare.Id, fare.Price)], fare.Price, fare.Currency);
            for (var k = from + 1; k < j; k++)
            {
                fares[k] = new LegFare(k, feed.FeedId, [new FareProductUse(FareUseKind.FareV1, fare.Id, fare.Id + " (transfer)", 0)], 0, fare.Currency);
            }
        }

        return [.. fares];
    }

    internal static bool Covers(FareFeed feed, FareAttribute fare, IReadOnlyList<FareLeg> legs, int first, int last)
    {
        if (fare.Transfers is { } transfers && last - first > transfers)
        {
            return false;
        }

        if (fare.TransferDurationSeconds is { } duration && (legs[last].Departure - legs[first].Departure).TotalSeconds > duration)
        {
            return false;
        }

        if (!feed.RulesV1.TryGetValue(fare.Id, out var rules) || rules.Count == 0)
        {
            return true;
        }

        var routes = rules.Where(r => r.Route is not null).Select(r => r.Route!).ToHashSet(StringComparer.Ordinal);
        for (var k = first; k <= last; k++)
        {
            if (routes.Count > 0 && !routes.Contains(legs[k].RouteId))
            {
                return false;
            }
        }

        var origin = feed.StopZone.GetValueOrDefault(legs[first].FromStopId);
        var destination = feed.StopZone.GetValueOrDefault(legs[last].ToStopId);
        var od = rules.Where(r => r.Origin is not null || r.Destination is not null).ToList();
        if (od.Count > 0 && !od.Exists(r =>
                (r.Origin is null || r.Origin == origin) && (r.Destination is null || r.Destination == destination)))
        {
            return false;
        }

        var contains = rules.Where(r => r.Contains is not null).Select(r => r.Contains!).ToHashSet(StringComparer.Ordinal);
        if (contains.Count > 0)
        {
            var crossed = new HashSet<string>(StringComparer.Ordinal);
            for (var k = first; k <= last; k++)
            {
                foreach (var stop in (legs[k].StopsPassed ?? []).Append(legs[k].FromStopId).Append(legs[k].ToStopId))
                {
                    if (feed.StopZone.TryGetValue(stop, out var zone))
                    {
                        crossed.Add(zone);
                    }
                }
            }

            return crossed.SetEquals(contains);
        }

        return true;
    }
}
