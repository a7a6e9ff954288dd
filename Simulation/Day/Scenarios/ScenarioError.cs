namespace Mobility.Simulation.Day.Scenarios;

/// <summary>One problem of a scenario file, at its JSON path (<c>$.population.travelers</c>).</summary>
public sealed record ScenarioError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>A scenario refused, with every problem found.</summary>
public sealed class ScenarioException(IReadOnlyList<ScenarioError> errors)
    : Exception("The scenario is refused:\n" + string.Join("\n", errors))
{
    public IReadOnlyList<ScenarioError> Errors { get; } = errors;
}
