using Mobility.Routing.Street.Osm;

namespace Mobility.Routing.Street.Benchmark;

/// <summary>
/// A generated street lattice for benchmarks when no city extract of the wanted size is at hand: a jittered square
/// grid (about 100 m spacing) with an arterial every tenth row and column, a few missing segments, some oneways and
/// some turn restrictions. Deterministic for a seed.
/// </summary>
public static class SyntheticStreetGrid
{
    public static StreetNetworkBuilder Create(int approximateNodes, int seed, StreetBuildOptions options)
    {
        var side = Math.Max(2, (int)Math.Sqrt(approximateNodes));
        var random = new Random(seed);
        var builder = new StreetNetworkBuilder(options);
        const double step = 0.0009; // degrees, about 100 m north-south
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                builder.AddNode(Id(x, y, side), 45 + ((y + (random.NextDouble() * 0.3)) * step), -122 + ((x + (random.NextDouble() * 0.3)) * step * 1.4));
            }
        }

        var residential = new WayAccess(
            new ProfileAccess(true, true, (float)options.WalkSpeedMps),
            new ProfileAccess(true, true, (float)options.BikeSpeedMps),
            new ProfileAccess(true, true, 25 / 3.6f));
        long way = 1;
        var restrictions = 0;
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                foreach (var (dx, dy) in ((int, int)[])[(1, 0), (0, 1)])
                {
                    if (x + dx >= side || y + dy >= side)
                    {
                        continue;
                    }

                    var arterial = dx == 1 ? y % 10 == 0 : x % 10 == 0;
                    if (!arterial && random.NextDouble() < 0.05)
                    {
                        continue;
                    }

                    var access = residential;
                    if (arterial)
                    {
                        access = access with { Car = new ProfileAccess(true, true, 60 / 3.6f) };
                    }
                    else if (random.NextDouble() < 0.1)
                    {
                        var forward = random.Next(2) == 0;
                        access = access with { Car = new ProfileAccess(forward, !forward, 25 / 3.6f) };
                    }

                    builder.AddWay(way, [Id(x, y, side), Id(x + dx, y + dy, side)], access);

                    // Forbid some left turns from arterials onto the next side street (no_left_turn style).
                    if (arterial && dx == 1 && x + 1 < side && y + 1 < side && random.NextDouble() < 0.02)
                    {
                        builder.AddTurnRestriction(new TurnRestriction(++restrictions, way, Id(x + 1, y, side), way + 1, TurnRestrictionKind.No));
                    }

                    way++;
                }
            }
        }

        return builder;
    }

    private static long Id(int x, int y, int side) => ((long)y * side) + x + 1;
}
