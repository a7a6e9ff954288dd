using Mobility.CarpoolProof.Rules;

namespace Mobility.CarpoolProof.Tests.Rules;

public sealed class FallbackRouteEstimatorTests
{
    private sealed class Fixed(RouteEstimate? answer) : IRouteEstimator
    {
        public int Calls { get; private set; }

        public RouteEstimate? Estimate(double fromLat, double fromLon, double toLat, double toLon, DateTimeOffset departure)
        {
            Calls++;
            return answer;
        }
    }

    [Fact]
    public void The_street_answer_wins_and_the_fallback_is_not_asked()
    {
        var street = new Fixed(new RouteEstimate(12_000, 900));
        var fallback = new Fixed(new RouteEstimate(1, 1));
        var estimate = new FallbackRouteEstimator(street, fallback).Estimate(45, 4, 45.1, 4.1, DateTimeOffset.UnixEpoch);
        Assert.Equal(new RouteEstimate(12_000, 900), estimate);
        Assert.Equal(0, fallback.Calls);
    }

    [Fact]
    public void Without_a_street_answer_the_great_circle_estimate_is_used()
    {
        var estimate = new FallbackRouteEstimator(new Fixed(null), new GreatCircleRouteEstimator())
            .Estimate(48.8566, 2.3522, 48.8606, 2.3376, DateTimeOffset.UnixEpoch);
        Assert.NotNull(estimate);
        // Paris, Hotel de Ville to the Louvre: about 1.15 km as the crow flies, times the 1.3 detour factor.
        Assert.InRange(estimate.Value.DistanceMeters, 1_300, 1_700);
    }
}
