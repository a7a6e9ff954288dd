using Mobility.CarpoolProof.Log;

namespace Mobility.CarpoolProof.Campaigns.Settlement;

/// <summary>
/// Anchors settlement leaves in the platform's transparency log (RFC 9162 Merkle tree, <see cref="TransparencyLog"/>):
/// once appended, any later change to a settlement changes its leaf and is detectable against every checkpoint that
/// covers the index returned here.
/// </summary>
public sealed class TransparencyLogAnchor(TransparencyLog log) : ISettlementAnchor
{
    public Task<long> AnchorAsync(ReadOnlyMemory<byte> leaf, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (leaf.Length != SettlementVerifier.LeafPrefix.Length + 32
            || !leaf.Span.StartsWith(System.Text.Encoding.ASCII.GetBytes(SettlementVerifier.LeafPrefix)))
        {
            throw new ArgumentException("not a settlement leaf (see SettlementVerifier.Leaf)", nameof(leaf));
        }
        return Task.FromResult(log.Append(leaf.Span));
    }
}
