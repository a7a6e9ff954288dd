namespace Mobility.CarpoolProof.Campaigns.Geography;

/// <summary>WGS 84 position in degrees.</summary>
public readonly record struct GeoPoint(double Lat, double Lon);
