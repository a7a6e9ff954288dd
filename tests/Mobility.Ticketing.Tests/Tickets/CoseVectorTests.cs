using System.Text;
using System.Text.Json;
using Mobility.Tests.Shared;
using Mobility.Ticketing.Tickets;
using NSec.Cryptography;

namespace Mobility.Ticketing.Tests.Tickets;

/// <summary>The cose-wg Examples EdDSA vectors (shared/data/fares/cose), byte for byte.</summary>
public sealed class CoseVectorTests
{
    private static JsonElement Vector(string name) =>
        JsonDocument.Parse(File.ReadAllText(SharedData.Path("fares", "cose", name))).RootElement;

    [Fact]
    public void Ed25519_sign0_vector_is_reproduced_byte_for_byte()
    {
        var v = Vector("eddsa-sig-01.json");
        var key = v.GetProperty("input").GetProperty("sign0").GetProperty("key");
        var seed = Convert.FromHexString(key.GetProperty("d_hex").GetString()!);
        var payload = Encoding.UTF8.GetBytes(v.GetProperty("input").GetProperty("plaintext").GetString()!);
        var protectedBytes = CoseSign1.ProtectedHeader(CoseSign1.AlgEdDsa, contentType: 0);
        Assert.Equal("A201270300", Convert.ToHexString(protectedBytes));
        Assert.Equal(v.GetProperty("intermediates").GetProperty("ToBeSign_hex").GetString(), Convert.ToHexString(CoseSign1.ToBeSigned(protectedBytes, [], payload)));

        using var signer = Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
        Assert.Equal(key.GetProperty("x_hex").GetString(), Convert.ToHexStringLower(signer.PublicKey.Export(KeyBlobFormat.RawPublicKey)));
        var cose = CoseSign1.Sign(signer, protectedBytes, Encoding.UTF8.GetBytes("11"), payload);
        Assert.Equal(v.GetProperty("output").GetProperty("cbor").GetString(), Convert.ToHexString(cose));
    }

    [Fact]
    public void Ed25519_sign0_vector_decodes_and_verifies_and_any_flipped_bit_fails()
    {
        var v = Vector("eddsa-sig-01.json");
        var cose = Convert.FromHexString(v.GetProperty("output").GetProperty("cbor").GetString()!);
        var x = Convert.FromHexString(v.GetProperty("input").GetProperty("sign0").GetProperty("key").GetProperty("x_hex").GetString()!);
        var publicKey = PublicKey.Import(SignatureAlgorithm.Ed25519, x, KeyBlobFormat.RawPublicKey);
        var message = CoseSign1.Decode(cose);
        Assert.Equal(CoseSign1.AlgEdDsa, message.Algorithm);
        Assert.Equal("11", Encoding.UTF8.GetString(message.KeyId!));
        Assert.Equal(0, message.ContentType);
        Assert.Equal("This is the content.", Encoding.UTF8.GetString(message.Payload));
        Assert.True(CoseSign1.Verify(publicKey, message));
        // Bytes 8-12 are the unprotected header {4: '11'}, which COSE does not sign; every other bit is covered.
        for (var bit = 0; bit < cose.Length * 8; bit++)
        {
            if (bit / 8 is >= 8 and <= 12)
            {
                continue;
            }

            var tampered = (byte[])cose.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            bool verifies;
            try
            {
                verifies = CoseSign1.Verify(publicKey, CoseSign1.Decode(tampered));
            }
            catch (CoseException)
            {
                verifies = false;
            }

            Assert.False(verifies, $"bit {bit} flipped and the signature still verifies");
        }
    }

    [Fact]
    public void Ed448_vector_decodes_to_its_Sig_structure_and_is_not_an_accepted_ticket_key()
    {
        var v = Vector("eddsa-sig-02.json");
        var cose = Convert.FromHexString(v.GetProperty("output").GetProperty("cbor").GetString()!);
        var message = CoseSign1.Decode(cose);
        Assert.Equal(v.GetProperty("intermediates").GetProperty("ToBeSign_hex").GetString(),
            Convert.ToHexString(CoseSign1.ToBeSigned(message.ProtectedBytes, [], message.Payload)));
        Assert.Equal(114, message.Signature.Length); // Ed448: NSec has no Ed448, and tickets accept only Ed25519 keys
        var keys = new KeyList("x", []);
        var decision = new TicketValidator(keys, TimeProvider.System, ValidatorOptions.Default, new ReplayStore(), new HashSet<string>()).Validate(cose, new ValidationPoint(null, null, "v"));
        Assert.Equal(TicketRejection.UnknownKey, decision.Rejection);
    }
}
