using Mobility.CarpoolProof.Log;

namespace Mobility.CarpoolProof.Tests.Log;

/// <summary>Shared logs built once per test run.</summary>
internal static class LogFixture
{
    public const int LargeSize = 4096;

    private static readonly Lazy<(TransparencyLog Log, byte[][] Leaves, byte[][] LeafHashes)> Large = new(() => Build(LargeSize));

    public static TransparencyLog LargeLog => Large.Value.Log;

    public static byte[][] LargeLeaves => Large.Value.Leaves;

    public static byte[][] LargeLeafHashes => Large.Value.LeafHashes;

    public static byte[] Leaf(int i) => System.Text.Encoding.UTF8.GetBytes($"leaf-{i}");

    public static (TransparencyLog Log, byte[][] Leaves, byte[][] LeafHashes) Build(int size)
    {
        var log = TransparencyLog.CreateInMemory(new TransparencyLogOptions { Origin = "test.example/log" });
        var leaves = Enumerable.Range(0, size).Select(Leaf).ToArray();
        for (var i = 0; i < size; i += 500)
        {
            log.AppendBatch(leaves[i..Math.Min(size, i + 500)]);
        }

        return (log, leaves, leaves.Select(ReferenceMerkle.LeafHash).ToArray());
    }
}
