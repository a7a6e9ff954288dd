using System.Buffers;
using System.Text;

namespace Mobility.CarpoolProof.Canonical;

/// <summary>
/// Low-level writer of RFC 8785 output. Callers that know their object shape write members in sorted order
/// (UTF-16 code unit order) themselves, which avoids building a tree on hot paths; <see cref="Jcs"/> sorts for them.
/// </summary>
public sealed class JcsWriter(IBufferWriter<byte> output)
{
    private readonly IBufferWriter<byte> _out = output;
    private bool _needComma;

    public void BeginObject() { Separator(); Raw((byte)'{'); _needComma = false; }
    public void EndObject() { Raw((byte)'}'); _needComma = true; }
    public void BeginArray() { Separator(); Raw((byte)'['); _needComma = false; }
    public void EndArray() { Raw((byte)']'); _needComma = true; }

    /// <summary>Writes a comma when a previous element or member precedes the next one.</summary>
    public void Separator()
    {
        if (_needComma) Raw((byte)',');
        _needComma = false;
    }

    public void Name(string name)
    {
        Separator();
        WriteString(name);
        Raw((byte)':');
        _needComma = false;
    }

    public void String(string value) { Separator(); WriteString(value); _needComma = true; }
    public void Number(double value) { Separator(); Ascii(JcsNumber.Format(value)); _needComma = true; }
    public void Number(long value)
    {
        // Integers beyond 2^53 would lose precision as doubles; refuse rather than silently change them.
        if (Math.Abs(value) > (1L << 53)) throw new ArgumentOutOfRangeException(nameof(value), "JCS integers must fit an IEEE-754 double exactly");
        Separator();
        Ascii(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _needComma = true;
    }
    public void Bool(bool value) { Separator(); Ascii(value ? "true" : "false"); _needComma = true; }
    public void Null() { Separator(); Ascii("null"); _needComma = true; }

    /// <summary>Writes a value that is already canonical JSON (e.g. a stored JCS object) as is.</summary>
    public void CanonicalValue(ReadOnlySpan<byte> jcs)
    {
        Separator();
        var span = _out.GetSpan(jcs.Length);
        jcs.CopyTo(span);
        _out.Advance(jcs.Length);
        _needComma = true;
    }

    public void Property(string name, string value) { Name(name); String(value); }
    public void Property(string name, long value) { Name(name); Number(value); }
    public void Property(string name, double value) { Name(name); Number(value); }

    private void WriteString(string s)
    {
        // RFC 8785 3.2.2.2: escape only '"', '\\' and control characters; the short forms where JSON has them.
        Raw((byte)'"');
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c >= 0x20 && c != '"' && c != '\\')
            {
                if (char.IsSurrogate(c))
                {
                    if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
                    throw new ArgumentException("JCS: string holds a lone surrogate (not valid I-JSON, RFC 7493 2.1)");
                }
                continue;
            }
            Utf8(s.AsSpan(start, i - start));
            switch (c)
            {
                case '"': Ascii("\\\""); break;
                case '\\': Ascii("\\\\"); break;
                case '\b': Ascii("\\b"); break;
                case '\f': Ascii("\\f"); break;
                case '\n': Ascii("\\n"); break;
                case '\r': Ascii("\\r"); break;
                case '\t': Ascii("\\t"); break;
                default: Ascii("\\u00" + ((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture)); break;
            }
            start = i + 1;
        }
        Utf8(s.AsSpan(start));
        Raw((byte)'"');
    }

    private void Utf8(ReadOnlySpan<char> chars)
    {
        if (chars.IsEmpty) return;
        var max = Encoding.UTF8.GetMaxByteCount(chars.Length);
        var span = _out.GetSpan(max);
        var n = Encoding.UTF8.GetBytes(chars, span);
        _out.Advance(n);
    }

    private void Ascii(string s)
    {
        var span = _out.GetSpan(s.Length);
        for (var i = 0; i < s.Length; i++) span[i] = (byte)s[i];
        _out.Advance(s.Length);
    }

    private void Raw(byte b)
    {
        var span = _out.GetSpan(1);
        span[0] = b;
        _out.Advance(1);
    }
}
