using Mobility.Actors.Carpool;
using Mobility.CarpoolProof.Pipeline;

namespace Mobility.Actors.Tests.Carpool;

/// <summary>The log's listing index, per territory: an authority lists only the journeys attributed to its territory.</summary>
public sealed class JourneyIndexTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static byte[] Leaf(string id) => new JourneyCommitment("op-a", id, "hash-" + id, "C", "ok", [], At.AddHours(-2), At).LeafBytes();

    private static List<string> Listed(JourneyIndex index, string? territory) =>
        [.. index.List(null, null, -1, 100, territory, "terr-a").Page.Select(j => j.OperatorJourneyId)];

    [Fact]
    public void Each_territory_lists_the_journeys_attributed_to_it_and_a_crossing_one_shows_in_both()
    {
        var index = new JourneyIndex();
        index.Add(0, Leaf("a"), "terr-a");
        index.Add(1, Leaf("x"), "terr-a terr-b");
        index.Add(2, Leaf("b"), "terr-b");
        index.Add(3, Leaf("none"), "");
        index.Add(4, Leaf("legacy")); // recorded before attribution: the configured territory's (terr-a here)

        Assert.Equal(["a", "x", "legacy"], Listed(index, "terr-a"));
        Assert.Equal(["x", "b"], Listed(index, "terr-b"));
        Assert.Empty(Listed(index, "terr-c"));
        Assert.Equal(["a", "x", "b", "none", "legacy"], Listed(index, null)); // an operator's or the log's own view
    }

    [Fact]
    public void An_attribution_read_back_from_the_journal_fills_a_journey_once_and_never_moves_it()
    {
        var index = new JourneyIndex();
        index.Add(0, Leaf("a"));
        index.Add(1, Leaf("b"), "terr-b");
        index.Attribute("op-a/a", ["terr-b"]);
        index.Attribute("op-a/b", ["terr-a"]); // already attributed at its append: unchanged
        index.Attribute("op-a/unknown", ["terr-a"]);

        Assert.Equal(["a", "b"], Listed(index, "terr-b"));
        Assert.Empty(Listed(index, "terr-a"));
    }
}
