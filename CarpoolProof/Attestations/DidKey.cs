using Mobility.CarpoolProof.Canonical;

namespace Mobility.CarpoolProof.Attestations;

/// <summary>did:key for Ed25519 (W3C did:key method, multikey "z6Mk..."): the DID and its verification method URL.</summary>
public static class DidKey
{
    public static string Did(ReadOnlySpan<byte> publicKey) => "did:key:" + Multibase.EncodeEd25519PublicKey(publicKey);

    /// <summary>did:key:{mk}#{mk}, the key's verification method.</summary>
    public static string VerificationMethod(ReadOnlySpan<byte> publicKey)
    {
        var mk = Multibase.EncodeEd25519PublicKey(publicKey);
        return "did:key:" + mk + "#" + mk;
    }

    /// <summary>Extracts the Ed25519 key from a did:key verification method; false for anything else.</summary>
    public static bool TryResolve(string verificationMethod, out byte[] publicKey)
    {
        publicKey = [];
        if (!verificationMethod.StartsWith("did:key:", StringComparison.Ordinal)) return false;
        var rest = verificationMethod["did:key:".Length..];
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        var mk = hash < 0 ? rest : rest[..hash];
        if (hash >= 0 && rest[(hash + 1)..] != mk) return false;
        return Multibase.TryDecodeEd25519PublicKey(mk, out publicKey);
    }
}
