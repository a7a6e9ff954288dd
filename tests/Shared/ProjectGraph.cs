using System.Reflection;
using System.Text.Json;
using System.Xml.Linq;

namespace Mobility.Tests.Shared;

/// <summary>
/// What a project references, read three ways for the tests that keep references pointing one way (README, "Projects
/// and references"): its .csproj, the restore's resolved graph (obj/project.assets.json, transitive packages and
/// projects) and the assemblies its assembly loads, followed reference by reference.
/// </summary>
public static class ProjectGraph
{
    /// <summary>The repository root (the folder holding Mobility.sln) above the test's output folder.</summary>
    public static string Repository()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Mobility.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("Mobility.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The file names of the projects a .csproj references directly (e.g. <c>Mobility.City.csproj</c>).</summary>
    public static IReadOnlyList<string> ProjectReferences(string csproj) =>
        [.. XDocument.Load(csproj).Descendants("ProjectReference").Select(p => Path.GetFileName((string)p.Attribute("Include")!)).Order(StringComparer.Ordinal)];

    /// <summary>Every library (package or project) the restore resolved for the project, transitively.</summary>
    public static IReadOnlyList<string> ResolvedLibraries(string csproj)
    {
        var assets = Path.Combine(Path.GetDirectoryName(csproj)!, "obj", "project.assets.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(assets));
        return [.. document.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name.Split('/')[0])];
    }

    /// <summary>The shared frameworks the project asks for (<c>Microsoft.AspNetCore.App</c> for a web project).</summary>
    public static IReadOnlyList<string> FrameworkReferences(string csproj)
    {
        var assets = Path.Combine(Path.GetDirectoryName(csproj)!, "obj", "project.assets.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(assets));
        return [.. document.RootElement.GetProperty("project").GetProperty("frameworks").EnumerateObject()
            .SelectMany(f => f.Value.TryGetProperty("frameworkReferences", out var r) ? r.EnumerateObject().Select(x => x.Name) : [])];
    }

    /// <summary>The names of the assemblies <paramref name="root"/> loads, directly or through what it loads (framework assemblies skipped).</summary>
    public static IReadOnlySet<string> LoadedAssemblies(Assembly root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<AssemblyName>([root.GetName()]);
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
                continue; // Named by a dependency but not deployed (an optional feature of it): never loaded; the resolved graph is checked by name.
            }

            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                pending.Push(reference);
            }
        }

        return seen;
    }
}
