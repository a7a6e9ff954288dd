using System.Reflection;
using System.Text.Json;
using System.Xml.Linq;

namespace Mobility.Audit.Tests;

/// <summary>
/// The verifier stays small enough to trust (issue 12 part 5): its project references the proof library only, and
/// nothing it loads, directly or through that library, is ASP.NET, Akka, OR-Tools or another Mobility project.
/// </summary>
public sealed class ReferencesTests
{
    private static readonly string[] Forbidden = ["Akka", "Microsoft.AspNetCore", "Google.OrTools", "Google.Protobuf", "OsmSharp", "Mobility.Routing", "Mobility.Actors", "Mobility.Node", "mobility-node", "Mobility.Ticketing", "Mobility.Simulation", "mobility-sim", "Mobility.City", "Mobility.Cli"];

    private static string Project => Path.Combine(Repository(), "Audit", "Mobility.Audit", "Mobility.Audit.csproj");

    [Fact]
    public void The_project_references_the_proof_library_and_no_other_project()
    {
        var project = XDocument.Load(Project);
        var projects = project.Descendants("ProjectReference").Select(p => Path.GetFileName((string)p.Attribute("Include")!)).ToList();
        Assert.Equal(["Mobility.CarpoolProof.csproj"], projects);
        var packages = project.Descendants("PackageReference").Select(p => (string)p.Attribute("Include")!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["Spectre.Console", "Spectre.Console.Cli"], packages);
    }

    [Fact]
    public void Nothing_it_resolves_is_a_server_an_actor_system_or_a_solver()
    {
        // The restore's resolved graph (obj/project.assets.json), transitive packages and projects included.
        var assets = Path.Combine(Path.GetDirectoryName(Project)!, "obj", "project.assets.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(assets));
        var libraries = document.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name.Split('/')[0]).ToList();
        Assert.Contains("Mobility.CarpoolProof", libraries);
        Assert.DoesNotContain(libraries, l => Forbidden.Any(f => l.StartsWith(f, StringComparison.OrdinalIgnoreCase)));
        var frameworks = document.RootElement.GetProperty("project").GetProperty("frameworks").EnumerateObject()
            .SelectMany(f => f.Value.TryGetProperty("frameworkReferences", out var r) ? r.EnumerateObject().Select(x => x.Name) : []).ToList();
        Assert.DoesNotContain("Microsoft.AspNetCore.App", frameworks);
    }

    [Fact]
    public void The_assemblies_it_loads_are_the_proof_library_and_its_own_dependencies()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<AssemblyName>([typeof(Mobility.Audit.Program).Assembly.GetName()]);
        while (pending.TryPop(out var name))
        {
            if (!seen.Add(name.Name!) || name.Name!.StartsWith("System", StringComparison.Ordinal) || name.Name is "netstandard" or "mscorlib")
            {
                continue;
            }

            Assembly assembly;
            try
            {
                assembly = Assembly.Load(name);
            }
            catch (FileNotFoundException)
            {
                continue; // Named by a dependency but not deployed (an optional feature of it): never loaded, and checked by name above.
            }

            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                pending.Push(reference);
            }
        }

        Assert.Contains("Mobility.CarpoolProof", seen);
        Assert.DoesNotContain(seen, a => Forbidden.Any(f => a.StartsWith(f, StringComparison.OrdinalIgnoreCase)));
    }

    private static string Repository()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Mobility.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("Mobility.sln not found above " + AppContext.BaseDirectory);
    }
}
