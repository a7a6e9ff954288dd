using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mobility.CarpoolProof.Declarations;

/// <summary>System.Text.Json settings of the registry wire format: snake_case names, no nulls written.</summary>
public static class DeclarationJson
{
    /// <summary>Largest declaration body accepted (bytes); a real one is about 2 KB.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>
    /// snake_case names, nulls omitted, unknown members refused (schema: additionalProperties false), required
    /// constructor parameters and nullability enforced, UTC "YYYY-MM-DDThh:mm:ssZ" datetimes only.
    /// </summary>
    public static JsonSerializerOptions Options => DeclarationJsonContext.Default.Options;

    public static string Serialize(SignedDeclaration declaration) => JsonSerializer.Serialize(declaration, DeclarationJsonContext.Default.SignedDeclaration);

    public static byte[] SerializeToUtf8(SignedDeclaration declaration) => JsonSerializer.SerializeToUtf8Bytes(declaration, DeclarationJsonContext.Default.SignedDeclaration);

    /// <summary>Parses a declaration; a malformed body yields the JSON path and reason, never a partial object.</summary>
    public static SignedDeclaration Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxBytes) throw new DeclarationFormatException("$", $"body larger than {MaxBytes} bytes");
        try
        {
            return JsonSerializer.Deserialize(utf8, DeclarationJsonContext.Default.SignedDeclaration)
                ?? throw new DeclarationFormatException("$", "body is null");
        }
        catch (JsonException e)
        {
            throw new DeclarationFormatException(e.Path ?? "$", e.Message);
        }
    }
}

/// <summary>A declaration body that is not valid JSON of the expected shape.</summary>
public sealed class DeclarationFormatException(string path, string reason) : Exception($"{path}: {reason}")
{
    public string JsonPath { get; } = path;
    public string Reason { get; } = reason;
}
