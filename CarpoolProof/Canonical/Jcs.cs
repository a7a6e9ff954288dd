using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mobility.CarpoolProof.Canonical;

/// <summary>JSON Canonicalization Scheme, RFC 8785: sorted members, ECMAScript numbers, minimal string escapes.</summary>
public static class Jcs
{
    /// <summary>Deepest nesting accepted; canonical inputs here are small documents, not arbitrary trees.</summary>
    public const int MaxDepth = 64;

    public static byte[] Canonicalize(JsonNode? node)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var writer = new JcsWriter(buffer);
        Write(writer, node, 0);
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Canonicalize(ReadOnlySpan<byte> utf8Json)
    {
        var node = JsonNode.Parse(utf8Json, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth });
        return Canonicalize(node);
    }

    public static string CanonicalString(JsonNode? node) => Encoding.UTF8.GetString(Canonicalize(node));

    private static void Write(JcsWriter w, JsonNode? node, int depth)
    {
        if (depth > MaxDepth) throw new JsonException($"JCS: nesting deeper than {MaxDepth}");
        switch (node)
        {
            case null:
                w.Null();
                break;
            case JsonObject obj:
                // RFC 8785 3.2.3: members sorted by their names as arrays of UTF-16 code units.
                var members = obj.Select(p => p).ToArray();
                Array.Sort(members, (a, b) => string.CompareOrdinal(a.Key, b.Key));
                w.BeginObject();
                foreach (var m in members)
                {
                    w.Name(m.Key);
                    Write(w, m.Value, depth + 1);
                }
                w.EndObject();
                break;
            case JsonArray arr:
                w.BeginArray();
                foreach (var item in arr)
                {
                    w.Separator();
                    Write(w, item, depth + 1);
                }
                w.EndArray();
                break;
            case JsonValue value:
                WriteValue(w, value);
                break;
            default:
                throw new JsonException("JCS: unsupported node");
        }
    }

    private static void WriteValue(JcsWriter w, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                w.String(value.GetValue<string>());
                break;
            case JsonValueKind.Number:
                // RFC 8785 3.2.2.3: every number is an IEEE-754 double.
                w.Number(value.TryGetValue<double>(out var d) ? d : double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.True:
                w.Bool(true);
                break;
            case JsonValueKind.False:
                w.Bool(false);
                break;
            case JsonValueKind.Null:
                w.Null();
                break;
            default:
                throw new JsonException($"JCS: unsupported value kind {value.GetValueKind()}");
        }
    }
}
