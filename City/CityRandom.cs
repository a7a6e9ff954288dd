namespace Mobility.City;

/// <summary>
/// Counter-based pseudo-randomness for the city generator: every draw is a pure function of (seed, stream, index), so
/// the output does not depend on generation order and stays identical across runtimes. System.Random is avoided on
/// purpose: its seeded algorithm is an implementation detail of the runtime.
/// </summary>
public static class CityRandom
{
    /// <summary>SplitMix64 finalizer (Steele, Lea, Flood 2014): a bijective 64-bit mix with good avalanche.</summary>
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    internal static ulong Hash(long seed, RandomStream stream, long index, long sub = 0) =>
        Mix(Mix(Mix((ulong)seed ^ ((ulong)stream << 56)) ^ (ulong)index) ^ (ulong)sub);

    /// <summary>A uniform double in [0, 1).</summary>
    internal static double Unit(long seed, RandomStream stream, long index, long sub = 0) =>
        (Hash(seed, stream, index, sub) >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in [-1, 1).</summary>
    internal static double Signed(long seed, RandomStream stream, long index, long sub = 0) =>
        (2 * Unit(seed, stream, index, sub)) - 1;

    /// <summary>A uniform integer in [0, bound).</summary>
    internal static int Below(long seed, RandomStream stream, long index, int bound, long sub = 0) =>
        (int)(Hash(seed, stream, index, sub) % (ulong)bound);

    internal static bool Chance(long seed, RandomStream stream, long index, double probability, long sub = 0) =>
        Unit(seed, stream, index, sub) < probability;
}

/// <summary>Independent random streams, one per decision kind, so adding a draw of one kind never shifts another.</summary>
internal enum RandomStream : byte
{
    Layout = 1,
    Jitter = 2,
    Curve = 3,
    DropSegment = 4,
    OneWay = 5,
    SpecialWay = 6,
    Restriction = 7,
    Timetable = 8,
    Station = 9,
    Vehicle = 10,
    Names = 11,
}
