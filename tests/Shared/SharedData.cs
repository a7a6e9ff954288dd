namespace Mobility.Tests.Shared;

/// <summary>
/// Locates the read-only fixtures in <c>../shared/data</c> beside the repository. Under <c>CI=true</c> a missing folder
/// fails the test; elsewhere the test is skipped with a message that says what is missing.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> Root = new(FindRoot);

    /// <summary>The absolute path of a file or folder under shared/data; skips or fails when it is absent.</summary>
    public static string Path(params string[] parts)
    {
        var root = Root.Value;
        var path = root is null ? null : System.IO.Path.Combine([root, .. parts]);
        if (path is not null && (File.Exists(path) || Directory.Exists(path)))
        {
            return path;
        }

        var what = $"shared test data '{string.Join('/', parts)}' (looked for ../shared/data beside the repository, or MOBILITY_SHARED_DATA)";
        if (IsCi)
        {
            throw new InvalidOperationException($"Missing {what}: CI must provide it.");
        }

        Assert.Skip($"Skipped: missing {what}.");
        return string.Empty;
    }

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The repository root: the nearest folder above the test binaries that holds Mobility.sln.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Mobility.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Mobility.sln not found above " + AppContext.BaseDirectory);
    }

    private static string? FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("MOBILITY_SHARED_DATA");
        if (!string.IsNullOrEmpty(env))
        {
            return env;
        }

        try
        {
            var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot(), "..", "shared", "data"));
            return Directory.Exists(candidate) ? candidate : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
