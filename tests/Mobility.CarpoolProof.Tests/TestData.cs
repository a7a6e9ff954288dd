namespace Mobility.CarpoolProof.Tests;

internal static class TestData
{
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    public static string Text(params string[] parts) => File.ReadAllText(Path(parts));
}
