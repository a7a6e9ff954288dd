using FsCheck;
using FsCheck.Fluent;
using Mobility.Routing.Matching.Carpool;
using Mobility.Routing.Matching.Checking;
using static Mobility.Routing.Tests.Matching.CarpoolFixture;

namespace Mobility.Routing.Tests.Matching;

public sealed class CarpoolMatcherTests
{
    private static readonly CarpoolMatcherOptions Quick = new(TimeSpan.FromSeconds(0.5), Boarding);
    private static readonly DateTimeOffset Now = T.AddMinutes(-5);

    private static CarpoolMatching Match(IReadOnlyList<DriverOffer> offers, IReadOnlyList<RiderRequest> requests)
    {
        var matching = new CarpoolMatcher(Model, new TestClock(Now)).Match(offers, requests, Quick);
        Assert.Empty(SolutionChecker.CheckCarpool(offers, requests, matching, Model, Boarding));
        return matching;
    }

    [Fact]
    public void Rider_on_the_way_is_picked_up_and_the_schedule_is_tight()
    {
        var m = Match([Driver()], [Rider1]);
        var plan = Assert.Single(m.Plans);
        Assert.Equal(["r1", "r1"], plan.Stops.Select(s => s.Request.Value));
        Assert.Equal(TimeSpan.FromSeconds(60), plan.Detour);
        Assert.Empty(m.Unserved);
    }

    [Fact]
    public void One_seat_for_two_overlapping_riders_drops_one_and_reports_it()
    {
        var m = Match([Driver(seats: 1)], [Rider1, Rider2]);
        Assert.Equal(1, m.ServedCount);
        var dropped = Assert.Single(m.Unserved);
        Assert.Contains("dropped", dropped.Reason, StringComparison.Ordinal);

        Assert.Equal(2, Match([Driver(seats: 2)], [Rider1, Rider2]).ServedCount);
    }

    [Fact]
    public void Rider_whose_window_cannot_be_met_is_reported_unserved()
    {
        // The driver reaches 0.002 at T+200 at the earliest; this rider must be picked up by T+100.
        var early = Rider1 with { Id = new RequestId("early"), PickupEarliest = T, PickupLatest = T.AddSeconds(100) };
        var m = Match([Driver()], [early]);
        Assert.Equal(0, m.ServedCount);
        var u = Assert.Single(m.Unserved);
        Assert.Equal("early", u.Request.Value);
        Assert.Contains("no driver", u.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("past", "past")]
    [InlineData("seats", "seats")]
    [InlineData("detour", "detour")]
    public void Invalid_offer_is_refused_with_its_reason(string fault, string reason)
    {
        var offer = fault switch
        {
            "past" => Driver() with { DepartureEarliest = Now.AddHours(-2), DepartureLatest = Now.AddHours(-1) },
            "seats" => Driver(seats: 0),
            _ => Driver(detourSeconds: -1),
        };
        Assert.Contains(CarpoolValidation.Validate(offer, Now), r => r.Contains(reason, StringComparison.Ordinal));

        var m = Match([offer], [Rider1]);
        var refusal = Assert.Single(m.RefusedOffers);
        Assert.Contains(refusal.Reasons, r => r.Contains(reason, StringComparison.Ordinal));
        Assert.Empty(m.Plans);
        Assert.Single(m.Unserved);
    }

    [Fact]
    public void Valid_offer_has_no_reasons_and_duplicate_ids_are_refused()
    {
        Assert.Empty(CarpoolValidation.Validate(Driver(), Now));
        var m = Match([Driver(), Driver()], [Rider1]);
        Assert.Contains(m.RefusedOffers, r => r.Reasons.Contains("duplicate id"));
    }

    /// <summary>Generated cities of a few dozen people: every matching passes the independent checker.</summary>
    [FsCheck.Xunit.Property(MaxTest = 5)]
    public Property Generated_city_matchings_pass_the_checker() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), seed =>
        {
            var scenario = SyntheticCarpoolCity.Generate(12, 40, Now.AddMinutes(10), seed);
            var model = HaversineTravelTimeModel.Urban;
            var options = Quick with { MaxSubProblemSize = 20 };
            var m = new CarpoolMatcher(model, new TestClock(Now)).Match(scenario.Offers, scenario.Requests, options);
            var violations = SolutionChecker.CheckCarpool(scenario.Offers, scenario.Requests, m, model, options.BoardingTime);
            return violations.Count == 0 && m.ServedCount + m.Unserved.Count == scenario.Requests.Count;
        });
}
