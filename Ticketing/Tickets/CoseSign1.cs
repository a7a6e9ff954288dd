using System.Formats.Cbor;
using NSec.Cryptography;

namespace Mobility.Ticketing.Tickets;

/// <summary>A COSE_Sign1 message decoded (RFC 9052 section 4.2); <see cref="ProtectedBytes"/> exactly as received.</summary>
public sealed record CoseSign1Message(byte[] ProtectedBytes, int? Algorithm, byte[]? KeyId, int? ContentType, byte[] Payload, byte[] Signature);

/// <summary>A message that is not a well-formed COSE_Sign1 of the shape a ticket uses.</summary>
public sealed class CoseException : Exception
{
    public CoseException(string message)
        : base(message)
    {
    }

    public CoseException()
    {
    }

    public CoseException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>
/// COSE_Sign1 with EdDSA over Ed25519, built with System.Formats.Cbor and signed with NSec, since
/// System.Security.Cryptography.Cose has no EdDSA (dotnet/runtime #63174).
/// </summary>
public static class CoseSign1
{
    /// <summary>RFC 9053 section 2.2: EdDSA.</summary>
    public const int AlgEdDsa = -8;

    /// <summary>RFC 9864: the fully specified Ed25519.</summary>
    public const int AlgEd25519 = -19;

    /// <summary>RFC 9052 section 4.2: the COSE_Sign1 tag.</summary>
    public const ulong Tag = 18;

    private const int HeaderAlg = 1;
    private const int HeaderContentType = 3;
    private const int HeaderKid = 4;

    /// <summary>The protected header map {1: alg, 3: content type?, 4: kid?} in deterministic encoding.</summary>
    public static byte[] ProtectedHeader(int algorithm, int? contentType = null, byte[]? kid = null)
    {
        var w = new CborWriter(CborConformanceMode.Canonical);
        w.WriteStartMap(1 + (contentType is null ? 0 : 1) + (kid is null ? 0 : 1));
        w.WriteInt32(HeaderAlg);
        w.WriteInt32(algorithm);
        if (contentType is { } ct)
        {
            w.WriteInt32(HeaderContentType);
            w.WriteInt32(ct);
        }

        if (kid is not null)
        {
            w.WriteInt32(HeaderKid);
            w.WriteByteString(kid);
        }

        w.WriteEndMap();
        return w.Encode();
    }

    /// <summary>RFC 9052 section 4.4: Sig_structure = ["Signature1", body_protected, external_aad, payload].</summary>
    public static byte[] ToBeSigned(ReadOnlySpan<byte> protectedBytes, ReadOnlySpan<byte> externalAad, ReadOnlySpan<byte> payload)
    {
        var w = new CborWriter(CborConformanceMode.Canonical);
        w.WriteStartArray(4);
        w.WriteTextString("Signature1");
        w.WriteByteString(protectedBytes);
        w.WriteByteString(externalAad);
        w.WriteByteString(payload);
        w.WriteEndArray();
        return w.Encode();
    }

    /// <summary>The tagged COSE_Sign1 array; the unprotected header holds the kid when one is given there.</summary>
    public static byte[] Encode(byte[] protectedBytes, byte[]? unprotectedKid, byte[] payload, byte[] signature)
    {
        var w = new CborWriter(CborConformanceMode.Canonical);
        w.WriteTag((CborTag)Tag);
        w.WriteStartArray(4);
        w.WriteByteString(protectedBytes);
        w.WriteStartMap(unprotectedKid is null ? 0 : 1);
        if (unprotectedKid is not null)
        {
            w.WriteInt32(HeaderKid);
            w.WriteByteString(unprotectedKid);
        }

        w.WriteEndMap();
        w.WriteByteString(payload);
        w.WriteByteString(signature);
        w.WriteEndArray();
        return w.Encode();
    }

    /// <summary>Signs a payload: Ed25519 over the Sig_structure of the protected header and the payload.</summary>
    public static byte[] Sign(Key key, byte[] protectedBytes, byte[]? unprotectedKid, byte[] payload)
    {
        var signature = SignatureAlgorithm.Ed25519.Sign(key, ToBeSigned(protectedBytes, [], payload));
        return Encode(protectedBytes, unprotectedKid, payload, signature);
    }

    public static bool Verify(PublicKey key, CoseSign1Message message) =>
        message.Signature.Length == SignatureAlgorithm.Ed25519.SignatureSize
        && SignatureAlgorithm.Ed25519.Verify(key, ToBeSigned(message.ProtectedBytes, [], message.Payload), message.Signature);

    /// <summary>Decodes strictly: one tagged (or untagged) four-element array, headers with integer labels, no trailing bytes.</summary>
    public static CoseSign1Message Decode(ReadOnlySpan<byte> data)
    {
        try
        {
            var r = new CborReader(data.ToArray(), CborConformanceMode.Strict);
            if (r.PeekState() == CborReaderState.Tag && r.ReadTag() != (CborTag)Tag)
            {
                throw new CoseException("not a COSE_Sign1 (tag 18)");
            }

            if (r.ReadStartArray() != 4)
            {
                throw new CoseException("a COSE_Sign1 is an array of four items");
            }

            var protectedBytes = r.ReadByteString();
            var (alg, kid, contentType) = protectedBytes.Length == 0 ? (null, null, null) : Headers(new CborReader(protectedBytes, CborConformanceMode.Strict), requireEnd: true);
            var (unprotectedAlg, unprotectedKid, _) = Headers(r, requireEnd: false);
            if (unprotectedAlg is not null)
            {
                throw new CoseException("the algorithm must be in the protected header");
            }

            if (kid is not null && unprotectedKid is not null && !kid.AsSpan().SequenceEqual(unprotectedKid))
            {
                throw new CoseException("protected and unprotected key ids differ");
            }

            var payload = r.ReadByteString();
            var signature = r.ReadByteString();
            r.ReadEndArray();
            if (r.BytesRemaining != 0)
            {
                throw new CoseException("trailing bytes after the COSE_Sign1");
            }

            return new CoseSign1Message(protectedBytes, alg, kid ?? unprotectedKid, contentType, payload, signature);
        }
        catch (Exception ex) when (ex is CborContentException or InvalidOperationException or FormatException)
        {
            throw new CoseException("malformed CBOR: " + ex.Message, ex);
        }
    }

    private static (int? Alg, byte[]? Kid, int? ContentType) Headers(CborReader r, bool requireEnd)
    {
        int? alg = null;
        byte[]? kid = null;
        int? contentType = null;
        var count = r.ReadStartMap();
        if (count > 16)
        {
            throw new CoseException("too many header parameters");
        }

        while (r.PeekState() != CborReaderState.EndMap)
        {
            if (r.PeekState() is not (CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger))
            {
                r.SkipValue(); // a text label: not one this profile reads
                r.SkipValue();
                continue;
            }

            switch (r.ReadInt32())
            {
                case HeaderAlg:
                    alg = r.PeekState() is CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger
                        ? r.ReadInt32()
                        : throw new CoseException("a text algorithm name is not accepted");
                    break;
                case HeaderContentType:
                    if (r.PeekState() == CborReaderState.TextString)
                    {
                        r.SkipValue();
                    }
                    else
                    {
                        contentType = r.ReadInt32();
                    }

                    break;
                case HeaderKid:
                    kid = r.ReadByteString();
                    break;
                case 2:
                    throw new CoseException("critical header parameters (crit) are not supported");
                default:
                    r.SkipValue();
                    break;
            }
        }

        r.ReadEndMap();
        if (requireEnd && r.BytesRemaining != 0)
        {
            throw new CoseException("trailing bytes in the protected header");
        }

        return (alg, kid, contentType);
    }
}
