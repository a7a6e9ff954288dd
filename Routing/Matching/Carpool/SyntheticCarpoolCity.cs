namespace Mobility.Routing.Matching.Carpool;

/// <summary>A generated morning-peak carpool market: offers and requests around a city.</summary>
public sealed record CarpoolScenario(IReadOnlyList<DriverOffer> Offers, IReadOnlyList<RiderRequest> Requests);

/// <summary>
/// Generates a ~20 km wide city: homes in residential clusters on a ring 3-9 km from the centre, jobs in a dense
/// centre and a few business parks, trips home-to-work over a morning peak. Clustered, not uniform, because real
/// demand is: carpool works where origins and destinations bunch up. Deterministic for a seed.
/// </summary>
public static class SyntheticCarpoolCity
{
    private const double MetersPerDegreeLat = 111_320;

    public static CarpoolScenario Generate(int drivers, int requests, DateTimeOffset peakStart, int seed, GeoPoint? centre = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(drivers);
        ArgumentOutOfRangeException.ThrowIfNegative(requests);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(drivers, 100_000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(requests, 100_000);
        var c = centre ?? new GeoPoint(45.7640, 4.8357);
        var rng = new Random(seed);

        // (centre east m, centre north m, sigma m, weight)
        var homes = Enumerable.Range(0, 10).Select(i =>
        {
            var angle = (2 * Math.PI * i / 10) + (rng.NextDouble() * 0.4);
            var radius = 3000 + (rng.NextDouble() * 6000);
            return (X: radius * Math.Cos(angle), Y: radius * Math.Sin(angle), Sigma: 700 + (rng.NextDouble() * 600), Weight: 0.5 + rng.NextDouble());
        }).ToArray();
        (double X, double Y, double Sigma, double Weight)[] jobs =
        [
            (0, 0, 1200, 3),
            (6000, 2500, 700, 1),
            (-5000, -4000, 700, 1),
            (2000, -7000, 600, 0.7),
        ];

        GeoPoint Sample((double X, double Y, double Sigma, double Weight)[] clusters)
        {
            var total = clusters.Sum(k => k.Weight);
            var pick = rng.NextDouble() * total;
            var k = clusters[^1];
            foreach (var cl in clusters)
            {
                if ((pick -= cl.Weight) <= 0)
                {
                    k = cl;
                    break;
                }
            }

            var x = Math.Clamp(k.X + (Gaussian(rng) * k.Sigma), -10_000, 10_000);
            var y = Math.Clamp(k.Y + (Gaussian(rng) * k.Sigma), -10_000, 10_000);
            return new GeoPoint(
                c.Latitude + (y / MetersPerDegreeLat),
                c.Longitude + (x / (MetersPerDegreeLat * Math.Cos(c.Latitude * Math.PI / 180))));
        }

        DateTimeOffset PeakTime() =>
            peakStart.AddSeconds(Math.Round(Math.Clamp(5400 + (Gaussian(rng) * 1800), 0, 10_800)));

        var offers = new List<DriverOffer>(drivers);
        for (var i = 0; i < drivers; i++)
        {
            var dep = PeakTime();
            offers.Add(new DriverOffer(
                new OfferId($"d{i:D5}"),
                $"op{i % 3}",
                Sample(homes),
                Sample(jobs),
                dep,
                dep.AddMinutes(15),
                1 + rng.Next(4),
                TimeSpan.FromMinutes(10 + rng.Next(11)),
                TimeSpan.FromMinutes(60)));
        }

        var riders = new List<RiderRequest>(requests);
        for (var i = 0; i < requests; i++)
        {
            var pickup = PeakTime();
            riders.Add(new RiderRequest(
                new RequestId($"r{i:D5}"),
                Sample(homes),
                Sample(jobs),
                pickup,
                pickup.AddMinutes(20),
                pickup.AddMinutes(75),
                TimeSpan.FromMinutes(50),
                rng.NextDouble() < 0.9 ? 1 : 2));
        }

        return new CarpoolScenario(offers, riders);
    }

    /// <summary>Standard normal by Box-Muller.</summary>
    private static double Gaussian(Random rng)
    {
        var u1 = 1 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
