using Mobility.CarpoolProof.Pipeline;

namespace Mobility.CarpoolProof.Tests.Pipeline;

/// <summary>Rotation keeps every retired public key with its period; a history whose parts disagree is refused, not served.</summary>
public sealed class PlatformKeyHistoryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("key-history-").FullName;

    [Fact]
    public void Each_rotation_retires_the_current_key_under_the_same_log_name_and_keeps_it_in_order()
    {
        string first;
        using (var d = ProofDataDirectory.OpenOrCreate(_dir, "test.example/log"))
        {
            first = d.Vkey;
        }

        Assert.Empty(PlatformKeyHistory.Read(_dir));
        var t1 = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var (retired1, second) = PlatformKeyHistory.Rotate(_dir, t1);
        var (retired2, third) = PlatformKeyHistory.Rotate(_dir, t1.AddDays(1));
        Assert.Equal(first, retired1);
        Assert.Equal(second, retired2);
        Assert.Equal(3, new[] { first, second, third }.Distinct().Count());

        var history = PlatformKeyHistory.Read(_dir);
        Assert.Equal([first, second], history.Select(k => k.Vkey));
        Assert.Equal([t1, t1.AddDays(1)], history.Select(k => k.Until));
        using var reopened = ProofDataDirectory.OpenOrCreate(_dir);
        Assert.Equal(third, reopened.Vkey);
        Assert.Equal("test.example/log", reopened.Origin);
        Assert.False(File.Exists(Path.Combine(_dir, PlatformKey.FileName + ".new")));
    }

    [Fact]
    public void A_history_line_whose_public_key_is_not_its_vkeys_is_refused_with_its_line_number()
    {
        using (ProofDataDirectory.OpenOrCreate(_dir))
        {
        }

        PlatformKeyHistory.Rotate(_dir, DateTimeOffset.UnixEpoch);
        var path = Path.Combine(_dir, PlatformKeyHistory.FileName);
        var line = File.ReadAllText(path);
        var key = System.Text.Json.Nodes.JsonNode.Parse(line)!;
        key["public_key"] = Convert.ToBase64String(new byte[32]);
        File.WriteAllText(path, key.ToJsonString() + "\n");
        var e = Assert.Throws<InvalidDataException>(() => PlatformKeyHistory.Read(_dir));
        Assert.Contains(":1:", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
