namespace Mobility.CarpoolProof.Log;

/// <summary>
/// Hashes of complete subtrees: node (level, index) is MTH of the 2^level leaves starting at index &lt;&lt; level
/// (level 0 holds the leaf hashes). Every proof of RFC 9162 2.1.3 and 2.1.4 is made of such nodes or of right-edge
/// hashes folded from them.
/// </summary>
public interface INodeSource
{
    /// <summary>Writes the 32-byte hash of node (level, index) into <paramref name="destination"/>.</summary>
    void ReadNode(int level, long index, Span<byte> destination);
}
