using System.Diagnostics;
using Mobility.Node.Security;

namespace Mobility.Node.Tests.Cli;

/// <summary><c>mobility keys create</c> in its own process (it prints to stdout).</summary>
public sealed class KeysCommandsTests
{
    [Fact]
    public async Task Keys_create_prints_a_key_and_the_entry_holding_only_its_hash()
    {
        var (code, output) = await Run("keys", "create", "--role", "authority", "--tenant", "grand-lyon");
        Assert.Equal(0, code);
        var key = Line(output, "key");
        var entryText = Line(output, "entry");
        Assert.True(ApiKeyEntry.TryParse(entryText, out var entry, out var error), error);
        Assert.Equal(("authority", "grand-lyon", ApiKeys.Hash(key)), (entry.Role, entry.Tenant, entry.Sha256));
        Assert.DoesNotContain(key, entryText, StringComparison.Ordinal);
        Assert.True(new ApiKeyRegistry([entry]).TryVerify(key, out _));
    }

    [Theory]
    [InlineData("traveler", "t-1")]
    [InlineData("operator", "Not-A-Tenant")]
    public async Task Keys_create_refuses_a_bad_role_or_tenant(string role, string tenant)
    {
        var (code, _) = await Run("keys", "create", "--role", role, "--tenant", tenant);
        Assert.NotEqual(0, code);
    }

    private static string Line(string output, string label) =>
        output.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith(label + " ", StringComparison.Ordinal))[label.Length..].Trim();

    private static async Task<(int Code, string Output)> Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mobility-node.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, output);
    }
}
