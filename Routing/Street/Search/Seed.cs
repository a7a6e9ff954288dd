namespace Mobility.Routing.Street.Search;

/// <summary>
/// A start (or end) label of a search: a graph node with the cost and length already travelled to reach it (or still
/// to travel from it), and the parent code stored in <see cref="SearchSpace.Parent"/>.
/// </summary>
internal readonly record struct Seed(int Node, int Cost, float Length, int Parent);
