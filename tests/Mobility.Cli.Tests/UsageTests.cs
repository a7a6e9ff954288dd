using System.Diagnostics;

namespace Mobility.Cli.Tests;

/// <summary>
/// The built `mobility` executable (as `./mobility` runs it): an unknown option is refused with the command's valid
/// options listed (an unknown command with the commands listed), and the server's, the simulation's and the verifier's
/// commands are refused with the executable that runs them named (the script sends them there).
/// </summary>
public sealed class UsageTests
{
    [Theory]
    [InlineData("route one --bogus", "Unknown option 'bogus'", "--json")]
    [InlineData("city generate --port 5091", "Unknown option 'port'", "--seed")]
    [InlineData("rout one", "Unknown command 'rout'", "route")]
    [InlineData("serve", "serve is the server's command (mobility-node", null)]
    [InlineData("keys create --role operator --tenant tram-co", "keys is the server's command (mobility-node", null)]
    [InlineData("simulate plan --url http://127.0.0.1:5080", "simulate is the simulation's command (mobility-sim", null)]
    [InlineData("audit verify-log DIR", "audit is the verifier's command (mobility-audit", null)]
    public async Task A_command_line_it_does_not_know_is_refused_with_what_it_knows_listed(string line, string error, string? listed)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in (string[])["exec", Path.Combine(AppContext.BaseDirectory, "mobility.dll"), .. line.Split(' ')])
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, process.ExitCode);
        Assert.StartsWith("mobility: " + error, stderr.Trim(), StringComparison.Ordinal);
        if (listed is not null)
        {
            Assert.Contains(listed, await stdout, StringComparison.Ordinal);
        }
    }
}
