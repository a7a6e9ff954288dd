namespace Mobility.Routing.Planning;

/// <summary>
/// A leg's geometry, written as GeoJSON text only when read. A query builds many candidate legs (a carpool query, one
/// per offer and pick-up/drop-off pair) and keeps a few: formatting every candidate's coordinates was most of a
/// carpool query's time. Equal when the text is equal.
/// </summary>
public sealed class LegShape : IEquatable<LegShape>
{
    private readonly (double Lat, double Lon)[]? _points;
    private string? _text;

    private LegShape(string? text, (double Lat, double Lon)[]? points)
    {
        _text = text;
        _points = points;
    }

    /// <summary>A LineString through the points (latitude, longitude), formatted when first read.</summary>
    public static LegShape Line(IEnumerable<(double Lat, double Lon)> points) => new(null, [.. points]);

    /// <summary>A geometry already written as GeoJSON text.</summary>
    public static LegShape FromText(string geoJson) => new(geoJson ?? throw new ArgumentNullException(nameof(geoJson)), null);

    public static implicit operator LegShape(string geoJson) => FromText(geoJson);

    /// <summary>The GeoJSON text (RFC 7946).</summary>
    public string Text => _text ??= GeoJson.LineString(_points!);

    /// <summary>Joins two lines end to start (the second's first position is dropped when it repeats the first's last).</summary>
    public static LegShape Concat(LegShape first, LegShape second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return first._points is { } a && second._points is { } b
            ? new LegShape(null, [.. a, .. a.Length > 0 && b.Length > 0 && a[^1] == b[0] ? b[1..] : b])
            : FromText(GeoJson.Concat(first.Text, second.Text));
    }

    public bool Equals(LegShape? other) => other is not null && (ReferenceEquals(this, other) || Text == other.Text);

    public override bool Equals(object? obj) => Equals(obj as LegShape);

    public override int GetHashCode() => Text.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Text;
}
