using Mobility.Routing.Planning;

namespace Mobility.Routing.Tests.Planning.Multimodal;

internal static class TimeConsistency
{
    /// <summary>Every leg ends after it starts, and none starts before the previous one has arrived.</summary>
    public static void Check(Itinerary it)
    {
        for (var i = 0; i < it.Legs.Count; i++)
        {
            Assert.True(it.Legs[i].Arrival >= it.Legs[i].Departure, $"leg {i} arrives before it departs");
            if (i > 0)
            {
                Assert.True(it.Legs[i].Departure >= it.Legs[i - 1].Arrival, $"leg {i} departs before leg {i - 1} arrives");
            }
        }
    }
}
