namespace Mobility.Ticketing.Fares;

/// <summary>
/// GTFS-Fares v2 for a run of legs of one feed (gtfs/spec/en/reference.md, fare_leg_rules.txt, fare_transfer_rules.txt,
/// fare_leg_join_rules.txt, timeframes.txt). Each (effective) leg gets its candidate leg products; a dynamic
/// programme over (candidate, start of the transfer sub-journey, transfers so far) finds the cheapest way the rules
/// allow to pay the run.
/// </summary>
internal sealed class FaresV2Pricing
{
    private readonly FareFeed _feed;
    private readonly ZoneClock _clock;
    private readonly HashSet<string> _listedNetworks;
    private readonly HashSet<string> _listedFromAreas;
    private readonly HashSet<string> _listedToAreas;
    private readonly HashSet<string> _listedTransferFrom;
    private readonly HashSet<string> _listedTransferTo;

    /// <summary>Transfer rules by (from, to) leg group, found once; the feed is immutable. Shared by threads.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), List<FareTransferRule>> _pairRules = new();

    public FaresV2Pricing(FareFeed feed)
    {
        _feed = feed;
        _clock = new ZoneClock(feed.TimeZone);
        _listedNetworks = [.. feed.LegRules.Select(r => r.Network).OfType<string>()];
        _listedFromAreas = [.. feed.LegRules.Select(r => r.FromArea).OfType<string>()];
        _listedToAreas = [.. feed.LegRules.Select(r => r.ToArea).OfType<string>()];
        _listedTransferFrom = [.. feed.TransferRules.Select(r => r.FromLegGroup).OfType<string>()];
        _listedTransferTo = [.. feed.TransferRules.Select(r => r.ToLegGroup).OfType<string>()];
    }

    /// <summary>A leg product the leg may be paid with.</summary>
    internal sealed record Candidate(string? Group, FareProduct Product);

    /// <summary>Several legs joined by fare_leg_join_rules count as one.</summary>
    internal sealed record EffectiveLeg(int First, int Last, string? Network, string FromStop, string ToStop, DateTimeOffset Departure, DateTimeOffset Arrival);

    public List<LegFare>? Price(IReadOnlyList<FareLeg> legs, FareRequest request, List<string> notes)
    {
        var category = RiderCategory(request, notes);
        var effective = Join(legs);
        var candidates = new List<Candidate>[effective.Count];
        for (var e = 0; e < effective.Count; e++)
        {
            candidates[e] = Candidates(effective[e], category, request.MediaType);
            if (candidates[e].Count == 0)
            {
                var leg = effective[e];
                notes.Add($"{_feed.FeedId}: no fare leg rule matches leg {leg.First} (network {leg.Network ?? "none"}, {leg.FromStop} -> {leg.ToStop}, {leg.Departure:yyyy-MM-dd'T'HH:mmzzz}) for rider {category ?? "any"}");
                return null;
            }
        }

        var best = Search(effective, candidates, category, request.MediaType);
        var fares = legs.Select((l, i) => new LegFare(i, _feed.FeedId, [], 0, null)).ToArray();
        foreach (var (e, uses, amount) in best)
        {
            var first = effective[e].First;
            fares[first] = fares[first] with
            {
                Products = [.. fares[first].Products, .. uses],
                Amount = fares[first].Amount + amount,
                Currency = candidates[e][0].Product.Currency,
            };
        }

        for (var i = 0; i < fares.Length; i++)
        {
            fares[i] = fares[i] with { Currency = fares[i].Currency ?? candidates[0][0].Product.Currency };
        }

        return [.. fares];
    }

    private string? RiderCategory(FareRequest request, List<string> notes)
    {
        if (request.RiderCategory is { } asked && _feed.RiderCategories.Contains(asked))
        {
            return asked;
        }

        if (request.RiderCategory is not null && _feed.RiderCategories.Count > 0)
        {
            notes.Add($"{_feed.FeedId}: rider category '{request.RiderCategory}' unknown, default '{_feed.DefaultRiderCategory}' used");
        }

        return _feed.DefaultRiderCategory;
    }

    internal List<EffectiveLeg> Join(IReadOnlyList<FareLeg> legs)
    {
        var result = new List<EffectiveLeg>();
        for (var i = 0; i < legs.Count; i++)
        {
            var network = Network(legs[i]);
            var current = new EffectiveLeg(i, i, network, legs[i].FromStopId, legs[i].ToStopId, legs[i].Departure, legs[i].Arrival);
            if (result.Count > 0 && Joins(result[^1], legs[i], network))
            {
                var prev = result[^1];
                result[^1] = prev with { Last = i, ToStop = legs[i].ToStopId, Arrival = legs[i].Arrival };
                continue;
            }

            result.Add(current);
        }

        return result;
    }

    private bool Joins(EffectiveLeg prev, FareLeg next, string? network)
    {
        // fare_leg_join_rules.txt: same network on both sides for matching; the stops must be the same unless named.
        if (prev.Network is null || network is null || prev.Network != network)
        {
            return false;
        }

        foreach (var rule in _feed.JoinRules)
        {
            if (rule.FromNetwork != prev.Network || rule.ToNetwork != network)
            {
                continue;
            }

            if (rule.FromStop is null ? prev.ToStop == next.FromStopId : rule.FromStop == prev.ToStop && rule.ToStop == next.FromStopId)
            {
                return true;
            }
        }

        return false;
    }

    private string? Network(FareLeg leg) => _feed.RouteNetwork.GetValueOrDefault(leg.RouteId);

    internal List<Candidate> Candidates(EffectiveLeg leg, string? category, int? mediaType)
    {
        var fromAreas = _feed.StopAreas.GetValueOrDefault(leg.FromStop) ?? [];
        var toAreas = _feed.StopAreas.GetValueOrDefault(leg.ToStop) ?? [];
        var departure = Local(leg.FromStop, leg.Departure);
        var arrival = Local(leg.ToStop, leg.Arrival);
        var matched = new List<FareLegRule>();
        foreach (var rule in _feed.LegRules)
        {
            bool network, from, to;
            if (_feed.HasRulePriority)
            {
                // With rule_priority an empty field does not affect matching.
                network = rule.Network is null || rule.Network == leg.Network;
                from = rule.FromArea is null || fromAreas.Contains(rule.FromArea);
                to = rule.ToArea is null || toAreas.Contains(rule.ToArea);
            }
            else
            {
                // Without it an empty field stands for every value not listed in that column.
                network = rule.Network is null ? leg.Network is null || !_listedNetworks.Contains(leg.Network) : rule.Network == leg.Network;
                from = rule.FromArea is null ? !fromAreas.Any(_listedFromAreas.Contains) : fromAreas.Contains(rule.FromArea);
                to = rule.ToArea is null ? !toAreas.Any(_listedToAreas.Contains) : toAreas.Contains(rule.ToArea);
            }

            if (network && from && to
                && (rule.FromTimeframe is null || InTimeframe(rule.FromTimeframe, departure))
                && (rule.ToTimeframe is null || InTimeframe(rule.ToTimeframe, arrival)))
            {
                matched.Add(rule);
            }
        }

        if (_feed.HasRulePriority && matched.Count > 0)
        {
            var top = matched.Max(r => r.Priority);
            matched.RemoveAll(r => r.Priority != top);
        }

        var candidates = new List<Candidate>();
        foreach (var rule in matched)
        {
            if (Cheapest(rule.Product, category, mediaType) is { } product
                && !candidates.Exists(c => c.Group == rule.LegGroup && c.Product.Amount <= product.Amount))
            {
                candidates.RemoveAll(c => c.Group == rule.LegGroup);
                candidates.Add(new Candidate(rule.LegGroup, product));
            }
        }

        return candidates;
    }

    /// <summary>The event's wall clock: its stop's stop_timezone when given, else the agency's (timeframes.txt).</summary>
    private DateTime Local(string stop, DateTimeOffset at) =>
        _feed.StopTimeZone.TryGetValue(stop, out var zone) && zone.Id != _feed.TimeZone.Id
            ? TimeZoneInfo.ConvertTime(at, zone).DateTime
            : _clock.Local(at);

    /// <summary>timeframes.txt: the local day of the event is one of the service's days and the time of day is in [start, end).</summary>
    private bool InTimeframe(string group, DateTime local)
    {
        var day = DateOnly.FromDateTime(local);
        var time = local.TimeOfDay;
        foreach (var frame in _feed.Timeframes[group])
        {
            if (time >= frame.Start && time < frame.End && _feed.ServiceDays.TryGetValue(frame.ServiceId, out var days) && days.Contains(day))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The cheapest row of a product for the rider category and medium; null when none fits.</summary>
    internal FareProduct? Cheapest(string productId, string? category, int? mediaType)
    {
        FareProduct? best = null;
        foreach (var row in _feed.Products[productId])
        {
            var riderFits = row.RiderCategory is null || row.RiderCategory == category;
            var mediumFits = mediaType is null || row.Media is null || _feed.MediaType[row.Media] == mediaType;
            if (riderFits && mediumFits && (best is null || row.Amount < best.Amount))
            {
                best = row;
            }
        }

        return best;
    }

    private readonly record struct State(int Candidate, int ChainStart, int Transfers);

    private sealed record Step(long Cost, State? Back, FareTransferRule? Rule, FareProduct? Transfer);

    /// <summary>Returns, per effective leg, the products used and the amount attributed to it.</summary>
    private List<(int Leg, List<FareProductUse> Uses, long Amount)> Search(
        List<EffectiveLeg> legs, List<Candidate>[] candidates, string? category, int? mediaType)
    {
        var layers = new Dictionary<State, Step>[legs.Count];
        for (var e = 0; e < legs.Count; e++)
        {
            layers[e] = [];
            for (var c = 0; c < candidates[e].Count; c++)
            {
                var cand = candidates[e][c];
                if (e == 0)
                {
                    Relax(layers[0], new State(c, 0, 0), new Step(cand.Product.Amount, null, null, null));
                    continue;
                }

                foreach (var (prevState, prevStep) in layers[e - 1])
                {
                    var prev = candidates[e - 1][prevState.Candidate];
                    var transferred = false;
                    foreach (var rule in TransferRules(prev.Group, cand.Group, prevState.Transfers + 1))
                    {
                        if (!WithinDuration(rule, legs[prevState.ChainStart], legs[e]))
                        {
                            continue;
                        }

                        FareProduct? transfer = null;
                        if (rule.Product is not null && (transfer = Cheapest(rule.Product, category, mediaType)) is null)
                        {
                            continue; // the transfer product is not sold to this rider on this medium
                        }

                        var ab = transfer?.Amount ?? 0;
                        var add = rule.FareTransferType switch
                        {
                            0 => ab, // A + AB
                            1 => ab + cand.Product.Amount, // A + AB + B
                            _ => prevState.Transfers == 0 ? ab - prev.Product.Amount : ab, // AB replaces A; then S + BC
                        };
                        Relax(layers[e], new State(c, prevState.ChainStart, prevState.Transfers + 1), new Step(prevStep.Cost + add, prevState, rule, transfer));
                        transferred = true;
                    }

                    if (!transferred)
                    {
                        // No transfer arrangement applies: a new sub-journey starts here, paid apart. (One that applies
                        // "must be processed", even when A + AB + B costs more than A + B.)
                        Relax(layers[e], new State(c, e, 0), new Step(prevStep.Cost + cand.Product.Amount, prevState, null, null));
                    }
                }
            }
        }

        // Walk back from the cheapest end state.
        var end = layers[^1].MinBy(p => p.Value.Cost);
        var steps = new (State State, Step Step)[legs.Count];
        var state = end.Key;
        for (var e = legs.Count - 1; e >= 0; e--)
        {
            var step = layers[e][state];
            steps[e] = (state, step);
            state = step.Back ?? default;
        }

        var result = new List<(int, List<FareProductUse>, long)>();
        for (var e = 0; e < legs.Count; e++)
        {
            var (st, step) = steps[e];
            var cand = candidates[e][st.Candidate];
            var uses = new List<FareProductUse>();
            long amount;
            if (step.Rule is null)
            {
                uses.Add(new FareProductUse(FareUseKind.Leg, cand.Product.Id, cand.Product.Name, cand.Product.Amount));
                amount = cand.Product.Amount;
            }
            else
            {
                var ab = step.Transfer?.Amount ?? 0;
                uses.Add(new FareProductUse(FareUseKind.Transfer, step.Transfer?.Id ?? "(free transfer)", step.Transfer?.Name ?? "transfer", ab));
                amount = ab;
                if (step.Rule.FareTransferType == 1)
                {
                    uses.Add(new FareProductUse(FareUseKind.Leg, cand.Product.Id, cand.Product.Name, cand.Product.Amount));
                    amount += cand.Product.Amount;
                }
                else if (step.Rule.FareTransferType == 2 && steps[e - 1].State.Transfers == 0)
                {
                    // AB replaces A: the previous leg's own product is no longer paid.
                    var prev = result[^1];
                    result[^1] = (prev.Item1, [], 0);
                }
            }

            result.Add((e, uses, amount));
        }

        return result;
    }

    private static void Relax(Dictionary<State, Step> layer, State state, Step step)
    {
        if (!layer.TryGetValue(state, out var existing) || step.Cost < existing.Cost)
        {
            layer[state] = step;
        }
    }

    /// <summary>
    /// fare_transfer_rules.txt: exact leg groups first, an empty group for every group not listed in that column; among
    /// rules with a transfer_count, the smallest one that still covers this transfer.
    /// </summary>
    internal List<FareTransferRule> TransferRules(string? from, string? to, int transferNumber)
    {
        var key = (from ?? string.Empty, to ?? string.Empty);
        if (!_pairRules.TryGetValue(key, out var pair))
        {
            pair = [];
            foreach (var rule in _feed.TransferRules)
            {
                var fromFits = rule.FromLegGroup is null ? from is null || !_listedTransferFrom.Contains(from) : rule.FromLegGroup == from;
                var toFits = rule.ToLegGroup is null ? to is null || !_listedTransferTo.Contains(to) : rule.ToLegGroup == to;
                if (fromFits && toFits)
                {
                    pair.Add(rule);
                }
            }

            _pairRules[key] = pair;
        }

        var fitting = new List<FareTransferRule>(pair.Count);
        var minCount = int.MaxValue;
        foreach (var rule in pair)
        {
            if (rule.TransferCount is null or -1 || rule.TransferCount >= transferNumber)
            {
                fitting.Add(rule);
                if (rule.TransferCount is > 0 and var c && c < minCount)
                {
                    minCount = c;
                }
            }
        }

        if (minCount != int.MaxValue)
        {
            fitting.RemoveAll(r => r.TransferCount is > 0 && r.TransferCount != minCount);
        }

        return fitting;
    }

    /// <summary>duration_limit_type: 0 departure to arrival, 1 departure to departure, 2 arrival to departure, 3 arrival to arrival.</summary>
    internal static bool WithinDuration(FareTransferRule rule, EffectiveLeg first, EffectiveLeg last)
    {
        if (rule.DurationLimitSeconds is not { } limit)
        {
            return true;
        }

        var from = rule.DurationLimitType is 0 or 1 ? first.Departure : first.Arrival;
        var to = rule.DurationLimitType is 0 or 3 ? last.Arrival : last.Departure;
        return (to - from).TotalSeconds <= limit;
    }
}
