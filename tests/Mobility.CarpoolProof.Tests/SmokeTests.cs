namespace Mobility.CarpoolProof.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Test_project_runs()
    {
        Assert.True(SharedDataAvailableOrNot() >= 0);
    }

    private static int SharedDataAvailableOrNot() => Mobility.Tests.Shared.SharedData.IsCi ? 1 : 0;
}
