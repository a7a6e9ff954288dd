using System.Xml.Linq;
using Mobility.Tests.Shared;

namespace Mobility.Cli.Tests;

/// <summary>
/// References point one way (issue 13, "One executable per job"; README, "Projects and references"): the `mobility`
/// command line runs the libraries in process and references no server (so no ASP.NET), no actor system, no
/// simulation and no other tool; and no project but the tests references a tool.
/// </summary>
public sealed class ReferencesTests
{
    /// <summary>What the command line must not reach: the server and its web stack, the actors, the simulation, the other tools.</summary>
    private static readonly string[] Forbidden = ["Microsoft.AspNetCore", "Akka", "Mobility.Actors", "Mobility.Node", "mobility-node", "Mobility.Simulation", "mobility-sim", "Mobility.Audit", "mobility-audit"];

    /// <summary>The executables that are tools: each drives the libraries or a node from outside; nothing builds on them.</summary>
    private static readonly string[] ToolProjects = ["Tools/Mobility.Cli/Mobility.Cli.csproj", "Audit/Mobility.Audit/Mobility.Audit.csproj", "Simulation/Day/Mobility.Simulation.Day.csproj"];

    private static string Project => Path.Combine(ProjectGraph.Repository(), "Tools", "Mobility.Cli", "Mobility.Cli.csproj");

    private static bool IsForbidden(string name) => Forbidden.Any(f => name.StartsWith(f, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void The_project_references_the_libraries_only()
    {
        Assert.Equal(["Mobility.CarpoolProof.csproj", "Mobility.City.csproj", "Mobility.Routing.csproj", "Mobility.Ticketing.csproj"], ProjectGraph.ProjectReferences(Project));
    }

    [Fact]
    public void Nothing_it_resolves_is_a_server_an_actor_system_a_simulation_or_another_tool()
    {
        var libraries = ProjectGraph.ResolvedLibraries(Project);
        Assert.Contains("Mobility.Routing", libraries);
        Assert.DoesNotContain(libraries, IsForbidden);
        Assert.DoesNotContain("Microsoft.AspNetCore.App", ProjectGraph.FrameworkReferences(Project));
    }

    [Fact]
    public void The_assemblies_it_loads_are_the_libraries_and_their_dependencies()
    {
        var loaded = ProjectGraph.LoadedAssemblies(typeof(Program).Assembly);
        Assert.Contains("mobility", loaded);
        Assert.Contains("Mobility.Ticketing", loaded);
        Assert.DoesNotContain(loaded, IsForbidden);
    }

    [Fact]
    public void No_project_but_the_tests_references_a_tool()
    {
        var root = ProjectGraph.Repository();
        var tools = ToolProjects.Select(p => Path.GetFullPath(Path.Combine(root, p))).ToHashSet(StringComparer.Ordinal);
        Assert.All(tools, t => Assert.True(File.Exists(t), t + " is missing: update the list of tools"));
        var projects = Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !Path.GetRelativePath(root, p).StartsWith("tests" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.True(projects.Count >= 8, "expected the repository's projects, found " + projects.Count);
        foreach (var project in projects)
        {
            var references = XDocument.Load(project).Descendants("ProjectReference")
                .Select(r => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, ((string)r.Attribute("Include")!).Replace('\\', '/'))));
            Assert.DoesNotContain(references, tools.Contains);
        }
    }
}
