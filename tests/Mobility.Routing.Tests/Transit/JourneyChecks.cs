using Mobility.Routing.Transit;
using Mobility.Routing.Transit.Raptor;

namespace Mobility.Routing.Tests.Transit;

/// <summary>Time consistency of a journey against the timetable it came from.</summary>
internal static class JourneyChecks
{
    public static void AssertConsistent(Timetable tt, RaptorRequest request, TransitJourney journey)
    {
        var legs = journey.Legs;
        Assert.True(legs.Count >= 3, "access, at least one ride, egress");
        Assert.Equal(JourneyLegKind.Access, legs[0].Kind);
        Assert.Equal(JourneyLegKind.Egress, legs[^1].Kind);
        Assert.Equal(request.Departure, legs[0].Departure);
        Assert.Equal(request.Access.Where(a => a.Stop == legs[0].ToStop).Min(a => a.Seconds), legs[0].Arrival - legs[0].Departure);
        Assert.Equal(request.Egress.Where(e => e.Stop == legs[^1].FromStop).Min(e => e.Seconds), legs[^1].Arrival - legs[^1].Departure);
        for (var i = 1; i < legs.Count; i++)
        {
            var prev = legs[i - 1];
            var leg = legs[i];
            Assert.Equal(prev.ToStop, leg.FromStop);
            var earliest = prev.Arrival + (prev.Kind == JourneyLegKind.Ride && leg.Kind == JourneyLegKind.Ride ? tt.ChangeSeconds(leg.FromStop) : 0);
            Assert.True(leg.Departure >= earliest, $"leg {i} departs at {leg.Departure} before {earliest}");
            switch (leg.Kind)
            {
                case JourneyLegKind.Ride:
                    var trip = tt.Trips[leg.Trip];
                    Assert.True(trip.RunsOn(leg.ServiceDay), "the trip runs on its service day");
                    Assert.True(leg.BoardPosition < leg.AlightPosition);
                    Assert.Equal(leg.FromStop, trip.Stops[leg.BoardPosition]);
                    Assert.Equal(leg.ToStop, trip.Stops[leg.AlightPosition]);
                    Assert.True((trip.Access[leg.BoardPosition] & StopAccess.Board) != 0);
                    Assert.True((trip.Access[leg.AlightPosition] & StopAccess.Alight) != 0);
                    var start = tt.ServiceDayStart(trip.TimeZone, leg.ServiceDay);
                    Assert.Equal(start + trip.Departures[leg.BoardPosition], leg.Departure);
                    Assert.Equal(start + trip.Arrivals[leg.AlightPosition], leg.Arrival);
                    break;
                case JourneyLegKind.Transfer:
                    Assert.Equal(JourneyLegKind.Ride, prev.Kind);
                    var targets = tt.FootpathTargets(leg.FromStop).ToArray();
                    var k = Array.IndexOf(targets, leg.ToStop);
                    Assert.True(k >= 0, "a footpath exists");
                    Assert.Equal(tt.FootpathSeconds(leg.FromStop)[k], leg.Arrival - leg.Departure);
                    break;
            }
        }
    }
}
