using FsCheck.Xunit;
using Mobility.Ticketing.Capping;

namespace Mobility.Ticketing.Tests.Capping;

/// <summary>
/// The laws of capping (issue 14), checked against periods computed here from first principles (wall clock of the
/// scheme's zone, travel-day start, Monday weeks, rolling windows opened by the first tap outside the last one).
/// </summary>
public sealed class CappingPropertyTests
{
    private static readonly string[] Schemes = [.. CapSchemes.Names];

    internal static List<Tap> RandomTaps(CapScheme scheme, int seed, int count, bool smallFares)
    {
        var rng = new Random(seed);
        // Over a year end, or over the March and April clock changes of London, Paris, New York (8 March) and Sydney (5 April).
        var origin = seed % 2 == 0 ? new DateTimeOffset(2025, 12, 24, 0, 0, 0, TimeSpan.Zero) : new DateTimeOffset(2026, 3, 5, 0, 0, 0, TimeSpan.Zero);
        return [.. Enumerable.Range(0, count).Select(i => new Tap(
            $"t{rng.Next(100_000):00000}-{i}",
            origin.AddMinutes(rng.Next(35 * 24 * 60)).ToOffset(TimeSpan.FromHours(rng.Next(-12, 13))),
            "card-" + "abc"[rng.Next(3)],
            smallFares ? rng.Next(40) : rng.Next(2_500),
            scheme.Tiers[rng.Next(scheme.Tiers.Count)]))];
    }

    /// <summary>Every (medium, cap, period) of a tap that counts toward the cap, with the cap's amount there.</summary>
    internal static IEnumerable<(string Period, long Amount, int Tap)> Periods(CapScheme scheme, IReadOnlyList<Tap> taps)
    {
        foreach (var cap in scheme.Caps)
        {
            var rollingEnd = new Dictionary<string, DateTime>();
            var window = new Dictionary<string, int>();
            var order = Enumerable.Range(0, taps.Count).Where(i => cap.Tiers.Contains(taps[i].Tier))
                .OrderBy(i => taps[i].Time.UtcTicks).ThenBy(i => taps[i].Id, StringComparer.Ordinal);
            foreach (var i in order)
            {
                var tap = taps[i];
                var local = TimeZoneInfo.ConvertTime(tap.Time, scheme.TimeZone).DateTime;
                var day = DateOnly.FromDateTime(local.Add(-scheme.DayStart));
                string key;
                switch (cap.Period)
                {
                    case CapPeriod.Day:
                        key = day.ToString("O");
                        break;
                    case CapPeriod.Week:
                        var monday = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
                        key = "week of " + monday.ToString("O");
                        break;
                    default:
                        if (!rollingEnd.TryGetValue(tap.Medium, out var end) || local >= end)
                        {
                            rollingEnd[tap.Medium] = local.AddDays(cap.Days);
                            window[tap.Medium] = window.GetValueOrDefault(tap.Medium) + 1;
                        }

                        key = "window " + window[tap.Medium];
                        break;
                }

                yield return ($"{tap.Medium}/{cap.Id}/{key}", cap.AmountOn(day, scheme.Holidays), i);
            }
        }
    }

    [Property(MaxTest = 200)]
    public void A_period_never_costs_more_than_its_cap_and_no_tap_more_than_its_fare(int seed, byte size, byte which)
    {
        var scheme = CapSchemes.Shipped(Schemes[which % Schemes.Length]);
        var taps = RandomTaps(scheme, seed, size, smallFares: false);
        var charges = new CappingEngine(scheme).Charge(taps);
        for (var i = 0; i < taps.Count; i++)
        {
            Assert.InRange(charges[i], 0, taps[i].Fare);
        }

        foreach (var period in Periods(scheme, taps).GroupBy(p => p.Period))
        {
            Assert.True(period.Sum(p => charges[p.Tap]) <= period.First().Amount, $"{scheme.Id} {period.Key} over its cap");
        }
    }

    [Property(MaxTest = 200)]
    public void Under_every_cap_the_charge_is_the_sum_of_the_fares(int seed, byte size, byte which)
    {
        // Free connections aside (their own tests), a tap under every cap pays its fare.
        var scheme = CapSchemes.Shipped(Schemes[which % Schemes.Length]) with { Connections = [] };
        var taps = RandomTaps(scheme, seed, size % 120, smallFares: seed % 2 == 0);
        var charges = new CappingEngine(scheme).Charge(taps);
        var reached = Periods(scheme, taps).GroupBy(p => p.Period).Any(g => g.Sum(p => taps[p.Tap].Fare) > g.First().Amount);
        if (!reached)
        {
            Assert.Equal(taps.Select(t => t.Fare), charges);
        }
    }

    [Property(MaxTest = 200)]
    public void With_a_single_cap_a_period_costs_the_lesser_of_its_fares_and_its_cap(int seed, byte size)
    {
        var scheme = CapSchemes.Shipped("navigo-2025") with { Connections = [], Tiers = ["metro", "bus"] };
        var taps = RandomTaps(scheme, seed, size, smallFares: false);
        var charges = new CappingEngine(scheme).Charge(taps);
        foreach (var period in Periods(scheme, taps).GroupBy(p => p.Period))
        {
            Assert.Equal(Math.Min(period.Sum(p => taps[p.Tap].Fare), 1200), period.Sum(p => charges[p.Tap]));
        }
    }

    [Property(MaxTest = 200)]
    public void Charges_do_not_depend_on_the_order_taps_arrive_in(int seed, byte size, byte which)
    {
        var scheme = CapSchemes.Shipped(Schemes[which % Schemes.Length]);
        var taps = RandomTaps(scheme, seed, size, smallFares: false);
        var engine = new CappingEngine(scheme);
        var inOrder = engine.Charge(taps);
        var shuffled = taps.ToArray();
        new Random(~seed).Shuffle(shuffled);
        var late = engine.Charge(shuffled);
        var byId = taps.Select((t, i) => (t.Id, inOrder[i])).ToDictionary();
        for (var i = 0; i < shuffled.Length; i++)
        {
            Assert.Equal(byId[shuffled[i].Id], late[i]);
        }
    }

    [Property(MaxTest = 100)]
    public void Late_taps_and_refunds_are_reversing_entries_that_end_at_the_batch_charges(int seed, byte size, byte which)
    {
        var scheme = CapSchemes.Shipped(Schemes[which % Schemes.Length]);
        var taps = RandomTaps(scheme, seed, size % 60, smallFares: false);
        var rng = new Random(seed);
        var engine = new CappingEngine(scheme);
        var account = new CappingAccount(engine);
        var refunded = new HashSet<string>();
        var seen = new List<ChargeEntry>();
        foreach (var tap in taps.OrderBy(_ => rng.Next()))
        {
            account.Record(tap);
            if (rng.Next(5) == 0)
            {
                var victim = taps.Where(t => account.Entries.Any(e => e.TapId == t.Id) && !refunded.Contains(t.Id)).OrderBy(_ => rng.Next()).First();
                account.Refund(victim.Id, "test");
                refunded.Add(victim.Id);
            }

            // Append-only: what was posted stays as it was.
            Assert.Equal(seen, account.Entries.Take(seen.Count));
            seen = [.. account.Entries];
        }

        var remaining = taps.Where(t => !refunded.Contains(t.Id)).ToList();
        var expected = remaining.Zip(engine.Charge(remaining)).ToDictionary(p => p.First.Id, p => p.Second);
        var net = new Dictionary<string, long>();
        foreach (var e in account.Entries)
        {
            if (e.Kind == ChargeEntryKind.Reversal)
            {
                Assert.Equal(-net[e.TapId], e.Amount); // a reversal cancels exactly what was posted
            }

            net[e.TapId] = net.GetValueOrDefault(e.TapId) + e.Amount;
        }

        foreach (var tap in taps)
        {
            Assert.Equal(expected.GetValueOrDefault(tap.Id), net.GetValueOrDefault(tap.Id));
            Assert.Equal(expected.GetValueOrDefault(tap.Id), account.PostedFor(tap.Id));
        }

        Assert.Equal(expected.Values.Sum(), account.Balance);
    }
}
