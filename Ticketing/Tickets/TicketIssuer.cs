using System.Text;
using NSec.Cryptography;
using QRCoder;

namespace Mobility.Ticketing.Tickets;

/// <summary>
/// Signs tickets: the CWT claims as the payload of a COSE_Sign1, EdDSA (-8) and the key id in the protected header
/// (so the key id is signed too), Ed25519 with NSec.
/// </summary>
public sealed class TicketIssuer
{
    /// <summary>The text prefix of a ticket in a QR code ("Mobility Ticket v1"), as "HC1:" prefixes EU certificates.</summary>
    public const string QrPrefix = "MT1:";

    private readonly Key _key;
    private readonly byte[] _protected;

    public TicketIssuer(string kid, ReadOnlySpan<byte> seed)
    {
        if (seed.Length != 32)
        {
            throw new ArgumentException("an Ed25519 seed has 32 bytes", nameof(seed));
        }

        Kid = kid;
        _key = Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
        _protected = CoseSign1.ProtectedHeader(CoseSign1.AlgEdDsa, null, Encoding.UTF8.GetBytes(kid));
    }

    public string Kid { get; }

    public byte[] PublicKey => _key.PublicKey.Export(KeyBlobFormat.RawPublicKey);

    public byte[] Issue(Ticket ticket) => CoseSign1.Sign(_key, _protected, null, TicketClaims.Encode(ticket));

    /// <summary>The QR text: prefix plus Base45 of the COSE bytes (QR alphanumeric mode).</summary>
    public static string QrText(byte[] cose) => QrPrefix + Base45.Encode(cose);

    /// <summary>The COSE bytes of a ticket file: raw COSE, or the QR text.</summary>
    public static byte[] ReadTicketBytes(byte[] file)
    {
        var text = Encoding.ASCII.GetString(file).Trim();
        return text.StartsWith(QrPrefix, StringComparison.Ordinal) ? Base45.Decode(text[QrPrefix.Length..]) : file;
    }

    /// <summary>An SVG QR code at error correction level Q (as the EU certificates use), and its QR version.</summary>
    public static (string Svg, int Version) QrSvg(byte[] cose)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(QrText(cose), QRCodeGenerator.ECCLevel.Q);
        return (new SvgQRCode(data).GetGraphic(4), data.Version);
    }

    public static byte[] QrPng(byte[] cose, int pixelsPerModule = 6)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(QrText(cose), QRCodeGenerator.ECCLevel.Q);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }
}
