using System.Buffers.Binary;
using System.Text;
using System.Xml;

namespace Mobility.Node.City;

/// <summary>
/// A first look at an OpenStreetMap file: OSM XML is counted (nodes, ways); a PBF file is checked to begin with its
/// OSMHeader blob. Building the street graph belongs to Routing.
/// </summary>
public static class OsmInventory
{
    public sealed record Summary(string Format, long Bytes, long? Nodes, long? Ways)
    {
        public override string ToString() => Nodes is null
            ? $"OSM {Format}, {Bytes / 1024.0:N0} KiB"
            : $"OSM {Format}, {Nodes} nodes, {Ways} ways";
    }

    /// <exception cref="InvalidDataException">The file is neither OSM XML nor OSM PBF.</exception>
    public static Summary Read(string path)
    {
        var bytes = new FileInfo(path).Length;
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[64];
        var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..n];
        stream.Position = 0;

        if (LooksLikePbf(head))
        {
            return new Summary("PBF", bytes, null, null);
        }

        var text = Encoding.UTF8.GetString(head).TrimStart('\uFEFF', ' ', '\r', '\n', '\t');
        if (text.StartsWith("<?xml", StringComparison.Ordinal) || text.StartsWith("<osm", StringComparison.Ordinal))
        {
            return CountXml(stream, bytes);
        }

        throw new InvalidDataException("neither OSM PBF (no OSMHeader blob) nor OSM XML");
    }

    /// <summary>OSM PBF format: int32 big-endian BlobHeader length, then a BlobHeader whose field 1 (type) is "OSMHeader".</summary>
    private static bool LooksLikePbf(ReadOnlySpan<byte> head)
    {
        if (head.Length < 16)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(head);
        return length is > 0 and < 64 * 1024 && head[4] == 0x0A && head[5] == 9 && head.Slice(6, 9).SequenceEqual("OSMHeader"u8);
    }

    private static Summary CountXml(Stream stream, long bytes)
    {
        long nodes = 0, ways = 0;
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true };
        try
        {
            using var reader = XmlReader.Create(stream, settings);
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.Depth == 1)
                {
                    if (reader.Name == "node")
                    {
                        nodes++;
                    }
                    else if (reader.Name == "way")
                    {
                        ways++;
                    }
                }
            }
        }
        catch (XmlException e)
        {
            throw new InvalidDataException($"line {e.LineNumber}, column {e.LinePosition}: {e.Message}", e);
        }

        return new Summary("XML", bytes, nodes, ways);
    }
}
