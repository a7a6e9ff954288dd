using System.Collections.Immutable;

namespace Mobility.Routing.SharedMobility.Gbfs;

/// <summary>
/// A per_km_pricing or per_min_pricing segment (GBFS system_pricing_plans.json, v2.2+): <see cref="Rate"/> is charged
/// at <see cref="Start"/> (inclusive) and again every <see cref="Interval"/> units until <see cref="End"/> (exclusive)
/// or the end of the trip; an interval of 0 charges the rate once.
/// </summary>
public sealed record PricingSegment(int Start, decimal Rate, int Interval, int? End)
{
    /// <summary>
    /// What this segment charges for a trip of <paramref name="amount"/> units (minutes or km). A charge point t counts
    /// when the trip has begun the unit starting at t (t &lt; amount), and the very first point 0 counts as soon as the
    /// trip starts: a 0.5-minute ride pays its first minute, a ride of exactly 10 km does not pay for the 11th.
    /// </summary>
    public decimal Charge(double amount)
    {
        if (amount < 0 || double.IsNaN(amount))
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "A trip's duration or distance cannot be negative.");
        }

        var limit = End is { } end ? Math.Min(amount, end) : amount;
        bool Reached(double t) => t < limit || (t == 0 && (End is null || End > 0));
        if (!Reached(Start))
        {
            return 0m;
        }

        if (Interval == 0)
        {
            return Rate;
        }

        // Charge points Start, Start + Interval, ... below the limit (at least the first one, reached above).
        var count = Math.Max(1, (long)Math.Ceiling((limit - Start) / Interval));
        return Rate * count;
    }
}

/// <summary>A pricing plan; <see cref="Cost"/> prices a ride of a given duration and distance.</summary>
public sealed record GbfsPricingPlan(
    PricingPlanId Id, LocalizedText Name, string Currency, decimal Price, bool IsTaxable, LocalizedText Description,
    ImmutableArray<PricingSegment> PerKm, ImmutableArray<PricingSegment> PerMinute, bool SurgePricing)
{
    /// <summary>
    /// The price of a ride: the base <see cref="Price"/> plus every per_km and per_min segment ("Total cost is the
    /// addition of price and all segments", GBFS system_pricing_plans.json). Not rounded: the caller rounds to the
    /// currency's minor unit when showing it.
    /// </summary>
    public decimal Cost(TimeSpan duration, double distanceMeters)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(distanceMeters);
        var minutes = duration.TotalMinutes;
        var km = distanceMeters / 1000.0;
        var total = Price;
        foreach (var s in PerMinute)
        {
            total += s.Charge(minutes);
        }

        foreach (var s in PerKm)
        {
            total += s.Charge(km);
        }

        return total;
    }

    internal static ImmutableDictionary<PricingPlanId, GbfsPricingPlan> ParseAll(GbfsFile f)
    {
        var result = ImmutableDictionary.CreateBuilder<PricingPlanId, GbfsPricingPlan>();
        var i = 0;
        foreach (var p in f.Array(f.Required(f.Data, "plans", "$"), "plans"))
        {
            var path = $"plans[{i++}]";
            var id = new PricingPlanId(f.Id(f.Required(p, "plan_id", path), path + ".plan_id"));
            var currency = f.String(f.Required(p, "currency", path), path + ".currency");
            if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
            {
                throw f.Error(path + ".currency", $"'{currency}' is not an ISO 4217 code");
            }

            var price = f.Decimal(f.Required(p, "price", path), path + ".price");
            if (price < 0)
            {
                throw f.Error(path + ".price", "must not be negative");
            }

            var plan = new GbfsPricingPlan(
                id, f.Localized(f.Required(p, "name", path), path + ".name"), currency, price,
                f.Bool(f.Required(p, "is_taxable", path), path + ".is_taxable"),
                f.Localized(f.Required(p, "description", path), path + ".description"),
                Segments(f, p, "per_km_pricing", path), Segments(f, p, "per_min_pricing", path),
                GbfsFile.Optional(p, "surge_pricing") is { } sp && f.Bool(sp, path + ".surge_pricing"));
            if (!result.TryAdd(id, plan))
            {
                throw f.Error(path + ".plan_id", $"duplicate plan_id '{id}'");
            }
        }

        return result.ToImmutable();
    }

    private static ImmutableArray<PricingSegment> Segments(GbfsFile f, System.Text.Json.JsonElement plan, string field, string planPath)
    {
        if (GbfsFile.Optional(plan, field) is not { } array)
        {
            return [];
        }

        var result = ImmutableArray.CreateBuilder<PricingSegment>();
        var i = 0;
        foreach (var s in f.Array(array, $"{planPath}.{field}"))
        {
            var path = $"{planPath}.{field}[{i++}]";
            var start = f.NonNegativeInt(f.Required(s, "start", path), path + ".start");
            int? end = GbfsFile.Optional(s, "end") is { } e ? f.NonNegativeInt(e, path + ".end") : null;
            if (end <= start)
            {
                throw f.Error(path + ".end", $"end {end} must be after start {start}");
            }

            result.Add(new PricingSegment(start, f.Decimal(f.Required(s, "rate", path), path + ".rate"),
                f.NonNegativeInt(f.Required(s, "interval", path), path + ".interval"), end));
        }

        return result.ToImmutable();
    }
}
