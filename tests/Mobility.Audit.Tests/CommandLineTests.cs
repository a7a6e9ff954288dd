namespace Mobility.Audit.Tests;

/// <summary>The verifier's exit codes, the node's for the same commands: 0 passed, 1 failed (one line), 2 refused command line.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task A_failed_check_exits_1_and_a_refused_command_line_exits_2_with_or_without_the_audit_prefix()
    {
        var missing = Path.Combine(Path.GetTempPath(), "mobility-audit-missing-" + Guid.NewGuid().ToString("N"));
        Assert.Equal(1, await Program.Main(["verify-log", missing]));
        Assert.Equal(1, await Program.Main(["audit", "verify-log", missing]));
        Assert.Equal(1, await Program.Main(["replay", missing, "--rules", missing]));
        Assert.Equal(1, await Program.Main(["export", "--data", missing, "--out", missing + "-out"]));
        Assert.False(Directory.Exists(missing + "-out"));
        Assert.Equal(Program.UsageError, await Program.Main(["replay", missing]));               // --rules left out
        Assert.Equal(Program.UsageError, await Program.Main(["verify-log", missing, "--bogus"])); // unknown option
        Assert.Equal(Program.UsageError, await Program.Main(["verify-clearing", missing]));       // the node's, not the verifier's
    }

    [Fact]
    public async Task Export_refuses_to_write_inside_the_folder_it_reads()
    {
        var data = Directory.CreateTempSubdirectory("audit-data-").FullName;
        try
        {
            Assert.Equal(1, await Program.Main(["export", "--data", data, "--out", Path.Combine(data, "out")]));
            Assert.Empty(Directory.GetFileSystemEntries(data));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
