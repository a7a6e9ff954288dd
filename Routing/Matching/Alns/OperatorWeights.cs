namespace Mobility.Routing.Matching.Alns;

/// <summary>
/// Roulette-wheel choice among operators with weights adapted per segment of iterations (Ropke &amp; Pisinger 2006,
/// section 3.4): an operator scores when its result is a new best, better than the current or accepted, and at the
/// end of a segment its weight moves towards its average score by the reaction factor.
/// </summary>
internal sealed class OperatorWeights
{
    public const double NewBest = 33;
    public const double Better = 9;
    public const double Accepted = 13;

    private const int Segment = 100;
    private const double Reaction = 0.1;
    private const double MinWeight = 0.05;

    private readonly double[] _weights;
    private readonly double[] _scores;
    private readonly int[] _uses;
    private int _iterations;

    public OperatorWeights(int count)
    {
        _weights = Enumerable.Repeat(1.0, count).ToArray();
        _scores = new double[count];
        _uses = new int[count];
    }

    public int Pick(Random random)
    {
        var x = random.NextDouble() * _weights.Sum();
        for (var k = 0; k < _weights.Length - 1; k++)
        {
            x -= _weights[k];
            if (x < 0) return k;
        }

        return _weights.Length - 1;
    }

    public void Record(int chosen, double score)
    {
        _scores[chosen] += score;
        _uses[chosen]++;
        if (++_iterations % Segment != 0) return;
        for (var k = 0; k < _weights.Length; k++)
        {
            if (_uses[k] > 0)
                _weights[k] = Math.Max(MinWeight, (_weights[k] * (1 - Reaction)) + (Reaction * _scores[k] / _uses[k]));
            _scores[k] = 0;
            _uses[k] = 0;
        }
    }
}
