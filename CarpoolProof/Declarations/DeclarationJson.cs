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

    public static byte[] SerializeToUtf8(DeclarationBatch batch) => JsonSerializer.SerializeToUtf8Bytes(batch, DeclarationJsonContext.Default.DeclarationBatch);

    /// <summary>
    /// Parses a signed batch: at most <paramref name="maxDeclarations"/> declarations (default and ceiling
    /// <see cref="DeclarationBatch.MaxDeclarations"/>; a caller with a lower limit passes it, so that the error names
    /// the limit that applies), each naming the batch's operator and carrying no signature of its own; otherwise the
    /// whole batch is malformed.
    /// </summary>
    public static DeclarationBatch ParseBatch(ReadOnlySpan<byte> utf8, int maxDeclarations = DeclarationBatch.MaxDeclarations)
    {
        maxDeclarations = Math.Clamp(maxDeclarations, 1, DeclarationBatch.MaxDeclarations);
        if (utf8.Length > DeclarationBatch.MaxBytes) throw new DeclarationFormatException("$", $"body larger than {DeclarationBatch.MaxBytes} bytes");
        DeclarationBatch batch;
        try
        {
            batch = JsonSerializer.Deserialize(utf8, DeclarationJsonContext.Default.DeclarationBatch)
                ?? throw new DeclarationFormatException("$", "body is null");
        }
        catch (JsonException e)
        {
            throw new DeclarationFormatException(e.Path ?? "$", DeclarationFormatException.Plain(e));
        }
        if (batch.Declarations.Count == 0 || batch.Declarations.Count > maxDeclarations)
            throw new DeclarationFormatException("$.declarations", $"1 to {maxDeclarations} declarations");
        for (var i = 0; i < batch.Declarations.Count; i++)
        {
            var d = batch.Declarations[i];
            if (d.OperatorId != batch.OperatorId)
                throw new DeclarationFormatException($"$.declarations[{i}].operator_id", $"every declaration of the batch is {batch.OperatorId}'s");
            if (d.OperatorSignature is not null)
                throw new DeclarationFormatException($"$.declarations[{i}].operator_signature", "the batch signature covers each declaration; leave this out");
        }
        return batch;
    }

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
            throw new DeclarationFormatException(e.Path ?? "$", DeclarationFormatException.Plain(e));
        }
    }
}

/// <summary>A declaration body that is not valid JSON of the expected shape.</summary>
public sealed class DeclarationFormatException(string path, string reason) : Exception($"{path}: {reason}")
{
    public string JsonPath { get; } = path;
    public string Reason { get; } = reason;

    /// <summary>
    /// The reason of a JSON error in the declaration's own words, without the serializer's (type names, byte
    /// positions): which members are missing, a value of the wrong type, or JSON that does not read. The path says where.
    /// </summary>
    internal static string Plain(JsonException e)
    {
        const string missing = "missing required properties including:";
        var message = e.Message;
        var at = message.IndexOf(missing, StringComparison.Ordinal);
        if (at >= 0)
        {
            return "missing required members: " + message[(at + missing.Length)..].Trim().TrimEnd('.').Replace("'", "", StringComparison.Ordinal);
        }

        return message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
            ? "a value of the wrong type"
            : "not valid JSON";
    }
}
