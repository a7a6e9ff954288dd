using FsCheck.Xunit;
using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Geography;
using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.CarpoolProof.Tests.Campaigns;

/// <summary>The engine's laws: arrival order does not matter, later flags equal a batch run, caps hold.</summary>
public sealed class EnginePropertyTests
{
    /// <summary>Tight limits for driver and passenger, across a month and a year boundary, and a small budget.</summary>
    internal static readonly CampaignDocument Tight = CampaignParser.Parse("""
        {
          "schema_version": 1, "id": "tight", "name": "Tight", "timezone": "Europe/Paris",
          "validity": { "start": "2023-01-01", "end": "2024-12-31" },
          "distance_m": { "min": 2000 },
          "beneficiaries": {
            "driver": {
              "rules": [ { "id": "seat", "per_seat": true, "fixed": { "cents": 75 } },
                         { "id": "km", "per_seat": true, "per_km": { "cents_per_km": 7, "offset_m": 5000, "limit_m": 30000 } } ],
              "cap_per_seat_cents": 200, "cap_per_trip_cents": 450,
              "limits": { "day": { "trips": 2, "cents": 500 }, "month": { "cents": 900 }, "year": { "trips": 9, "cents": 1300 } }
            },
            "passenger": { "rules": [ { "id": "flat", "fixed": { "cents": 50 } } ], "limits": { "day": { "cents": 80 } } }
          },
          "budget_cents": 2500
        }
        """);

    internal static List<CampaignJourney> Random(int seed, int count)
    {
        var rng = new Random(seed);
        var origin = new DateTimeOffset(2023, 12, 30, 6, 0, 0, TimeSpan.Zero);
        return Enumerable.Range(0, count).Select(i =>
        {
            // Minutes on a coarse grid so that ties on start time (broken by journey id) are frequent.
            var start = origin.AddMinutes(30 * rng.Next(4 * 48));
            return new CampaignJourney($"j{rng.Next(1000):000}-{i}", "op", ProofClass.C, start, new GeoPoint(45, 5),
                start.AddMinutes(20), new GeoPoint(45.1, 5.1), 1_000 + rng.Next(40_000), 1 + rng.Next(3),
                $"d{rng.Next(3)}", $"p{rng.Next(3)}", true,
                rng.NextDouble() < 0.85 ? JourneyStatus.Accepted : JourneyStatus.Cancelled, i);
        }).ToList();
    }

    internal static string Fingerprint(CampaignEngine engine) => string.Join('\n', engine.Evaluations.Select(e =>
        $"{e.Journey.JourneyId} {e.Reason} " + string.Join(' ', e.Awards.Select(a => $"{a.Role}:{a.Cents}/{a.ComputedCents}:{a.Rules}:{a.CapsText}"))));

    [Property(MaxTest = 150)]
    public void Arrival_order_does_not_change_any_incentive(int seed, byte size)
    {
        var journeys = Random(seed, size % 80);
        var batch = CampaignEngine.Simulate(Tight, journeys);
        var shuffled = journeys.ToArray();
        new Random(seed ^ 0x5bd1e995).Shuffle(shuffled);
        var incremental = new CampaignEngine(Tight);
        foreach (var j in shuffled)
        {
            incremental.Submit(j);
        }
        Assert.Equal(Fingerprint(batch), Fingerprint(incremental));
        Assert.Equal(batch.BudgetSpentCents, incremental.BudgetSpentCents);
    }

    [Property(MaxTest = 150)]
    public void Later_flags_and_cancellations_give_what_a_batch_run_on_the_final_statuses_gives(int seed, byte size)
    {
        var journeys = Random(seed, size % 80).Select(j => j with { Status = JourneyStatus.Accepted }).ToList();
        var rng = new Random(seed);
        var engine = new CampaignEngine(Tight);
        foreach (var j in journeys.OrderBy(_ => rng.Next()))
        {
            engine.Submit(j);
        }
        var final = journeys.ToDictionary(j => j.JourneyId, j => j.Status);
        foreach (var j in journeys.OrderBy(_ => rng.Next()).Take(journeys.Count / 3))
        {
            var status = rng.Next(3) switch { 0 => JourneyStatus.Flagged, 1 => JourneyStatus.Cancelled, _ => JourneyStatus.Accepted };
            engine.SetStatus(j.JourneyId, status);
            final[j.JourneyId] = status;
        }
        var batch = CampaignEngine.Simulate(Tight, journeys.Select(j => j with { Status = final[j.JourneyId] }));
        Assert.Equal(Fingerprint(batch), Fingerprint(engine));
    }

    [Property(MaxTest = 150)]
    public void No_cap_or_budget_is_ever_exceeded(int seed, byte size)
    {
        var engine = CampaignEngine.Simulate(Tight, Random(seed, size));
        var paid = engine.Evaluations.SelectMany(e => e.Awards.Select(a => (e.LocalDate, a))).Where(x => x.a.Cents > 0).ToList();
        var drivers = paid.Where(x => x.a.Role == BeneficiaryRole.Driver).ToList();
        Assert.All(drivers.GroupBy(x => (x.a.IdentityKey, x.LocalDate)), g => Assert.True(g.Count() <= 2 && g.Sum(x => x.a.Cents) <= 500));
        Assert.All(drivers.GroupBy(x => (x.a.IdentityKey, x.LocalDate.Year, x.LocalDate.Month)), g => Assert.True(g.Sum(x => x.a.Cents) <= 900));
        Assert.All(drivers.GroupBy(x => (x.a.IdentityKey, x.LocalDate.Year)), g => Assert.True(g.Count() <= 9 && g.Sum(x => x.a.Cents) <= 1300));
        Assert.All(drivers, x => Assert.True(x.a.Cents <= 450));
        Assert.All(paid.Where(x => x.a.Role == BeneficiaryRole.Passenger).GroupBy(x => (x.a.IdentityKey, x.LocalDate)), g => Assert.True(g.Sum(x => x.a.Cents) <= 80));
        Assert.True(engine.BudgetSpentCents <= 2500);
        Assert.Equal(engine.BudgetSpentCents, paid.Sum(x => x.a.Cents));
    }
}
