using System.Globalization;

namespace Mobility.Routing.SharedMobility.Gbfs;

/// <summary>A GBFS version this reader understands: 2.0 to 2.3 and 3.0 (3.1 release candidates read as 3.x).</summary>
public readonly record struct GbfsVersion(int Major, int Minor)
{
    public bool IsV3 => Major == 3;

    public static bool TryParse(string? text, out GbfsVersion version)
    {
        version = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var core = text.Split('-', 2)[0];
        var parts = core.Split('.');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return false;
        }

        version = new GbfsVersion(major, minor);
        return (major == 2 && minor is >= 0 and <= 3) || (major == 3 && minor is 0 or 1);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");
}
