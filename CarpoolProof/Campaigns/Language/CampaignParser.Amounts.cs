using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mobility.CarpoolProof.Campaigns.Language;

public static partial class CampaignParser
{
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex RuleIdPattern();

    private static List<BeneficiaryPolicy> ReadBeneficiaries(JsonWalker w, JsonElement root, DistanceRange distance)
    {
        var result = new List<BeneficiaryPolicy>();
        if (w.Field(root, "beneficiaries", "$", true) is not { } obj || !w.Object(obj, "$.beneficiaries", "driver", "passenger"))
        {
            return result;
        }
        // Stated order: the driver's award is computed (and takes budget) before the passenger's.
        foreach (var (name, role) in new[] { ("driver", BeneficiaryRole.Driver), ("passenger", BeneficiaryRole.Passenger) })
        {
            if (w.Field(obj, name, "$.beneficiaries", false) is { } b && ReadPolicy(w, b, $"$.beneficiaries.{name}", role, distance) is { } policy)
            {
                result.Add(policy);
            }
        }
        if (result.Count == 0 && !JsonWalker.Has(obj, "driver") && !JsonWalker.Has(obj, "passenger"))
        {
            w.Error("$.beneficiaries", "name at least one beneficiary (driver or passenger)");
        }
        return result;
    }

    private static BeneficiaryPolicy? ReadPolicy(JsonWalker w, JsonElement b, string path, BeneficiaryRole role, DistanceRange distance)
    {
        if (!w.Object(b, path, "rules", "cap_per_seat_cents", "cap_per_trip_cents", "limits"))
        {
            return null;
        }
        var rules = new List<AmountRule>();
        foreach (var (item, rp) in w.Array(b, "rules", path, true, 64, 1) ?? [])
        {
            if (ReadRule(w, item, rp) is { } rule)
            {
                if (rules.Any(r => r.Id == rule.Id))
                {
                    w.Error($"{rp}.id", $"rule id '{rule.Id}' is used twice");
                }
                rules.Add(rule);
                CheckReachable(w, rule, rp, distance);
            }
        }
        // A cap of 0 would silently pay nothing: refused as contradictory.
        var capSeat = w.Integer(b, "cap_per_seat_cents", path, false, 1, MaxCents);
        var capTrip = w.Integer(b, "cap_per_trip_cents", path, false, 1, MaxCents);
        if (capSeat is not null && !rules.Any(r => r.PerSeat))
        {
            w.Error($"{path}.cap_per_seat_cents", "a per-seat cap needs at least one per-seat rule");
        }
        var limits = ReadLimits(w, w.Field(b, "limits", path, false), $"{path}.limits");
        return new BeneficiaryPolicy(role, rules, capSeat, capTrip, limits);
    }

    /// <summary>Contradictions between a rule and the campaign's distance range: a rule that can never pay.</summary>
    private static void CheckReachable(JsonWalker w, AmountRule rule, string path, DistanceRange distance)
    {
        var min = Math.Max(distance.MinMetres, rule.When?.MinMetres ?? 0);
        var max = Math.Min(distance.MaxMetres, rule.When?.MaxMetres ?? int.MaxValue);
        if (min > max)
        {
            w.Error($"{path}.distance_m", $"the rule's distances never meet the campaign's [{distance.MinMetres}, {distance.MaxMetres}] m");
            return;
        }
        switch (rule)
        {
            case PerKmRule k when k.OffsetMetres >= max:
                w.Error($"{path}.per_km.offset_m", $"offset {k.OffsetMetres} m is beyond the longest eligible journey ({max} m): the rule never pays");
                break;
            case SlicesRule s:
                for (var i = 0; i < s.Slices.Count; i++)
                {
                    var slice = s.Slices[i];
                    if (slice.FromMetres > max || (slice.ToMetres is { } to && to <= min))
                    {
                        w.Error($"{path}.slices", $"slice [{slice.FromMetres}, {slice.ToMetres?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "inf"}) lies outside the eligible distances [{min}, {max}] m");
                    }
                }
                break;
        }
    }

    private static AmountRule? ReadRule(JsonWalker w, JsonElement e, string path)
    {
        if (!w.Object(e, path, "id", "per_seat", "distance_m", "fixed", "per_km", "slices"))
        {
            return null;
        }
        var id = w.String(e, "id", path, true, RuleIdPattern());
        var perSeat = w.Bool(e, "per_seat", path) ?? false;
        var when = ReadDistance(w, w.Field(e, "distance_m", path, false), $"{path}.distance_m");
        var kinds = new[] { "fixed", "per_km", "slices" }.Where(k => JsonWalker.Has(e, k)).ToList();
        if (kinds.Count != 1)
        {
            w.Error(path, kinds.Count == 0 ? "a rule needs one of fixed, per_km or slices" : $"a rule has exactly one of fixed, per_km or slices, not {string.Join(" and ", kinds)}");
            return null;
        }
        var before = w.Errors.Count;
        AmountRule? rule = kinds[0] switch
        {
            "fixed" => ReadFixed(w, e.GetProperty("fixed"), $"{path}.fixed", id, perSeat, when),
            "per_km" => ReadPerKm(w, e.GetProperty("per_km"), $"{path}.per_km", id, perSeat, when),
            _ => ReadSlices(w, e.GetProperty("slices"), $"{path}.slices", id, perSeat, when),
        };
        return id is null || w.Errors.Count > before ? null : rule;
    }

    private static FixedAmountRule? ReadFixed(JsonWalker w, JsonElement e, string path, string? id, bool perSeat, DistanceRange? when)
    {
        if (!w.Object(e, path, "cents"))
        {
            return null;
        }
        var cents = w.Integer(e, "cents", path, true, 0, MaxCents);
        return cents is null ? null : new FixedAmountRule(id ?? "", perSeat, when, cents.Value);
    }

    private static PerKmRule? ReadPerKm(JsonWalker w, JsonElement e, string path, string? id, bool perSeat, DistanceRange? when)
    {
        if (!w.Object(e, path, "cents_per_km", "offset_m", "limit_m"))
        {
            return null;
        }
        var cents = w.Integer(e, "cents_per_km", path, true, 0, 1_000_000);
        var offset = w.Integer(e, "offset_m", path, false, 0, 1_000_000) ?? 0;
        var limit = w.Integer(e, "limit_m", path, false, 0, 1_000_000);
        if (limit is not null && limit <= offset)
        {
            w.Error($"{path}.limit_m", $"limit {limit} m is not beyond offset {offset} m");
            return null;
        }
        return cents is null ? null : new PerKmRule(id ?? "", perSeat, when, cents.Value, (int)offset, (int?)limit);
    }

    private static SlicesRule? ReadSlices(JsonWalker w, JsonElement e, string path, string? id, bool perSeat, DistanceRange? when)
    {
        if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() is 0 or > 64)
        {
            w.Error(path, "slices are an array of 1 to 64 slices");
            return null;
        }
        var slices = new List<DistanceSlice>();
        var i = 0;
        foreach (var item in e.EnumerateArray())
        {
            var sp = $"{path}[{i++}]";
            if (!w.Object(item, sp, "from_m", "to_m", "cents", "cents_per_km"))
            {
                continue;
            }
            var from = w.Integer(item, "from_m", sp, true, 0, 1_000_000);
            var to = w.Integer(item, "to_m", sp, false, 0, 1_000_000);
            var cents = w.Integer(item, "cents", sp, false, 0, MaxCents) ?? 0;
            var perKm = w.Integer(item, "cents_per_km", sp, false, 0, 1_000_000) ?? 0;
            if (from is null)
            {
                continue;
            }
            if (to is not null && to <= from)
            {
                w.Error($"{sp}.to_m", $"slice ends ({to} m) at or before it starts ({from} m)");
                continue;
            }
            var slice = new DistanceSlice((int)from, (int?)to, cents, perKm);
            if (slices.FirstOrDefault(s => Overlap(s, slice)) is { } other)
            {
                w.Error(sp, $"slice [{slice.FromMetres}, {slice.ToMetres?.ToString() ?? "inf"}) overlaps slice [{other.FromMetres}, {other.ToMetres?.ToString() ?? "inf"})");
                continue;
            }
            slices.Add(slice);
        }
        return new SlicesRule(id ?? "", perSeat, when, slices.OrderBy(s => s.FromMetres).ToList());

        static bool Overlap(DistanceSlice a, DistanceSlice b) =>
            (a.ToMetres is null || b.FromMetres < a.ToMetres) && (b.ToMetres is null || a.FromMetres < b.ToMetres);
    }

    private static List<IdentityLimit> ReadLimits(JsonWalker w, JsonElement? e, string path)
    {
        var result = new List<IdentityLimit>();
        if (e is not { } obj || !w.Object(obj, path, "day", "month", "year"))
        {
            return result;
        }
        foreach (var (name, period) in new[] { ("day", LimitPeriod.Day), ("month", LimitPeriod.Month), ("year", LimitPeriod.Year) })
        {
            if (w.Field(obj, name, path, false) is not { } l)
            {
                continue;
            }
            var lp = $"{path}.{name}";
            if (!w.Object(l, lp, "trips", "cents"))
            {
                continue;
            }
            var trips = w.Integer(l, "trips", lp, false, 1, 100_000);
            var cents = w.Integer(l, "cents", lp, false, 1, long.MaxValue / 4);
            if (trips is null && cents is null && !JsonWalker.Has(l, "trips") && !JsonWalker.Has(l, "cents"))
            {
                w.Error(lp, "a limit needs trips, cents, or both");
                continue;
            }
            result.Add(new IdentityLimit(period, (int?)trips, cents));
        }
        return result;
    }
}
