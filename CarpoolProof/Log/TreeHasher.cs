using System.Buffers;
using System.Security.Cryptography;

namespace Mobility.CarpoolProof.Log;

/// <summary>RFC 9162 section 2.1 hashing with SHA-256: leaves prefixed 0x00, interior nodes 0x01.</summary>
public static class TreeHasher
{
    /// <summary>The size in bytes of every hash in the tree (SHA-256).</summary>
    public const int HashSize = 32;

    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;
    private const int StackLimit = 512;

    /// <summary>RFC 9162 2.1.1: MTH({}) = HASH(), the hash of an empty string.</summary>
    public static byte[] EmptyRoot() => SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>RFC 9162 2.1.1: MTH({d(0)}) = HASH(0x00 || d(0)).</summary>
    public static byte[] HashLeaf(ReadOnlySpan<byte> leaf)
    {
        var hash = new byte[HashSize];
        HashLeaf(leaf, hash);
        return hash;
    }

    /// <summary>Writes HASH(0x00 || leaf) into <paramref name="destination"/> (32 bytes).</summary>
    public static void HashLeaf(ReadOnlySpan<byte> leaf, Span<byte> destination)
    {
        var length = leaf.Length + 1;
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        buffer[0] = LeafPrefix;
        leaf.CopyTo(buffer[1..]);
        SHA256.HashData(buffer, destination);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>RFC 9162 2.1.1: MTH(D[n]) = HASH(0x01 || MTH(D[0:k]) || MTH(D[k:n])).</summary>
    public static byte[] HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var hash = new byte[HashSize];
        HashChildren(left, right, hash);
        return hash;
    }

    /// <summary>Writes HASH(0x01 || left || right) into <paramref name="destination"/>; it may alias either input.</summary>
    public static void HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        if (left.Length != HashSize || right.Length != HashSize)
        {
            throw new ArgumentException("Child hashes must be 32 bytes (SHA-256).");
        }

        Span<byte> buffer = stackalloc byte[1 + (2 * HashSize)];
        buffer[0] = NodePrefix;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + HashSize)..]);
        SHA256.HashData(buffer, destination);
    }
}
