using Mobility.Tests.Shared;

namespace Mobility.Node.Tests;

/// <summary>
/// The server is one executable with one job (issue 13, "One executable per job"): it references the actor system and
/// the demo city generator, never a tool (the `mobility` command line, the verifier) nor a simulation project, which
/// drive a node from outside. Checked in the .csproj, in the restore's resolved graph and in what the assembly loads.
/// </summary>
public sealed class ReferencesTests
{
    /// <summary>Assembly and library names the server must not reach: the tools' (projects and assemblies) and the simulation's.</summary>
    private static readonly string[] Tools = ["mobility", "mobility-audit", "mobility-sim", "Mobility.Cli", "Mobility.Audit"];

    private static string Project => Path.Combine(ProjectGraph.Repository(), "Actors", "Mobility.Node", "Mobility.Node.csproj");

    private static bool IsTool(string name) =>
        Tools.Contains(name, StringComparer.OrdinalIgnoreCase) || name.StartsWith("Mobility.Simulation", StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void The_project_references_the_actors_and_the_city_generator_only()
    {
        Assert.Equal(["Mobility.Actors.csproj", "Mobility.City.csproj"], ProjectGraph.ProjectReferences(Project));
    }

    [Fact]
    public void Nothing_it_resolves_is_a_tool_or_a_simulation()
    {
        var libraries = ProjectGraph.ResolvedLibraries(Project);
        Assert.Contains("Mobility.Actors", libraries);
        Assert.Contains("Mobility.City", libraries);
        Assert.DoesNotContain(libraries, IsTool);
    }

    [Fact]
    public void The_assemblies_it_loads_are_no_tool_and_no_simulation()
    {
        var loaded = ProjectGraph.LoadedAssemblies(typeof(Program).Assembly);
        Assert.Contains("mobility-node", loaded);
        Assert.Contains("Mobility.City", loaded);
        Assert.DoesNotContain(loaded, IsTool);
    }
}
