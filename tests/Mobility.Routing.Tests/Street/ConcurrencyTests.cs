using Mobility.Routing.Street;

namespace Mobility.Routing.Tests.Street;

public sealed class ConcurrencyTests
{
    [Fact]
    public void Queries_from_many_threads_give_the_sequential_answers()
    {
        var network = FixtureNetworks.Portland;
        var random = new Random(99);
        var pairs = Enumerable.Range(0, 200)
            .Select(_ => (FixtureRoutingTests.RandomSnap(network, random, StreetProfile.Car), FixtureRoutingTests.RandomSnap(network, random, StreetProfile.Car)))
            .ToArray();
        var expected = pairs.Select(p => network.Route(p.Item1, p.Item2, StreetAlgorithm.Dijkstra)?.Duration).ToArray();
        var expectedReach = network.OneToMany(pairs[0].Item1, [.. pairs.Select(p => p.Item2)], TimeSpan.FromHours(1));

        var actual = new TimeSpan?[pairs.Length];
        var reach = new StreetReach[8][];
        Parallel.For(0, pairs.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var (a, b) = pairs[i % pairs.Length];
            var algorithm = (i / pairs.Length) % 2 == 0 ? StreetAlgorithm.Contraction : StreetAlgorithm.Bidirectional;
            var duration = network.Route(a, b, algorithm)?.Duration;
            Assert.Equal(expected[i % pairs.Length], duration);
            if (i % 100 == 0)
            {
                reach[i / 100] = network.OneToMany(pairs[0].Item1, [.. pairs.Select(p => p.Item2)], TimeSpan.FromHours(1));
            }
        });

        Assert.All(reach, r => Assert.Equal(expectedReach, r));
    }
}
