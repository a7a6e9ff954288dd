using Mobility.City;

namespace Mobility.Simulation.Day.World;

/// <summary>
/// Counter-based draws for the simulated day, as the city generator draws (SplitMix64 of seed, stream, index, sub):
/// a draw depends only on what it is for, never on the order in which travelers are processed or on threads.
/// </summary>
public static class SimRandom
{
    public static ulong Hash(long seed, DayStream stream, long index, long sub = 0) =>
        CityRandom.Mix(CityRandom.Mix(CityRandom.Mix((ulong)seed ^ (0xD1UL << 56) ^ ((ulong)stream << 48)) ^ (ulong)index) ^ (ulong)sub);

    /// <summary>Uniform in [0, 1).</summary>
    public static double Unit(long seed, DayStream stream, long index, long sub = 0) => (Hash(seed, stream, index, sub) >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, bound).</summary>
    public static int Below(long seed, DayStream stream, long index, int bound, long sub = 0) => (int)(Hash(seed, stream, index, sub) % (ulong)bound);

    /// <summary>A minute of the day drawn from a triangular distribution on [low, high] with its mode at <paramref name="mode"/>.</summary>
    public static int Minute(long seed, DayStream stream, long index, int low, int mode, int high, long sub = 0)
    {
        var u = Unit(seed, stream, index, sub);
        var c = (double)(mode - low) / (high - low);
        var x = u < c ? low + Math.Sqrt(u * (high - low) * (mode - low)) : high - Math.Sqrt((1 - u) * (high - low) * (high - mode));
        return (int)Math.Round(x);
    }
}

/// <summary>One stream per kind of decision, so that adding a draw of one kind never shifts another.</summary>
public enum DayStream : byte
{
    Role = 1,
    Home = 2,
    Work = 3,
    Departure = 4,
    Errand = 5,
    Driver = 6,
    Neighbour = 7,
    Propensity = 8,
    Choice = 9,
    Fraud = 10,
    Device = 11,
    Batch = 12,
    DeclareDelay = 13,
}
