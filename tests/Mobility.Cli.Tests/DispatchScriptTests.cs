using System.Diagnostics;
using Mobility.Tests.Shared;

namespace Mobility.Cli.Tests;

/// <summary>
/// The repository's `mobility` script sends each command to the executable whose job it is (README, "The command
/// line"). Run with a stand-in `dotnet` first on PATH that prints what it was asked to run, so nothing builds.
/// </summary>
public sealed class DispatchScriptTests : IDisposable
{
    private readonly string _bin = Directory.CreateTempSubdirectory("mobility-script-").FullName;

    [Theory]
    [InlineData("", "Actors/Mobility.Node")]
    [InlineData("serve --http-url http://127.0.0.1:5081", "Actors/Mobility.Node")]
    [InlineData("--http-url http://127.0.0.1:5081", "Actors/Mobility.Node")]
    [InlineData("keys create --role operator --tenant tram-co", "Actors/Mobility.Node")]
    [InlineData("audit verify-log OUT", "Audit/Mobility.Audit")]
    [InlineData("audit export --data D --out O", "Audit/Mobility.Audit")]
    [InlineData("audit verify-clearing S", "Tools/Mobility.Cli")]
    [InlineData("audit bench-log", "Tools/Mobility.Cli")]
    [InlineData("simulate day --scenario S --out O", "Simulation/Day")]
    [InlineData("simulate plan --url U", "Simulation/Day")]
    [InlineData("route one --json", "Tools/Mobility.Cli")]
    [InlineData("city generate --size village", "Tools/Mobility.Cli")]
    [InlineData("ticket bench", "Tools/Mobility.Cli")]
    [InlineData("--help", "Tools/Mobility.Cli")]
    public async Task Each_command_goes_to_its_executable_with_its_arguments_unchanged(string line, string project)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "the script is POSIX sh");
        var root = ProjectGraph.Repository();
        var fake = Path.Combine(_bin, "dotnet");
        await File.WriteAllTextAsync(fake, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n", TestContext.Current.CancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(root, "mobility"));
        var args = line.Length == 0 ? [] : line.Split(' ');
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["PATH"] = _bin + ":" + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, process.ExitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).SkipWhile(l => l.StartsWith("mobility: ", StringComparison.Ordinal) || l.StartsWith("simulate ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["run", "--project", Path.Combine(root, project), "--", .. args], [.. lines.Take(3).Select(Normalize), .. lines.Skip(3)]);
        Assert.True(Directory.Exists(Path.Combine(root, project)), project);
    }

    /// <summary>The script names the project as <c>$(dirname $0)/PROJECT</c>; compared as a full path.</summary>
    private static string Normalize(string arg) => arg.Contains('/', StringComparison.Ordinal) ? Path.GetFullPath(arg) : arg;

    public void Dispose() => Directory.Delete(_bin, recursive: true);
}
