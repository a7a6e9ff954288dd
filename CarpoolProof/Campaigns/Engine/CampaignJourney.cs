using Mobility.CarpoolProof.Campaigns.Geography;
using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.CarpoolProof.Campaigns.Engine;

/// <summary>Where a journey stands in the proof pipeline: only accepted journeys earn incentives.</summary>
public enum JourneyStatus
{
    Accepted,
    Flagged,
    Cancelled,
}

/// <summary>
/// What the campaign engine needs from an accepted carpool journey (one passenger's journey with one driver, as the
/// registry's v3.3 declaration). Built by the proof pipeline from an attestation, or read from a journeys file.
/// <see cref="StartZoneCode"/>/<see cref="EndZoneCode"/> are optional codes (e.g. INSEE) for zones defined by codes.
/// <see cref="Territories"/>: the platform territories the journey was attributed to at its acceptance, space-separated
/// codes in ordinal order (a string, so that the record keeps value equality); null for a journey read from a file or
/// recorded before territories existed (<see cref="Mobility.CarpoolProof.Territories.TerritoryMap.Includes"/>).
/// </summary>
public sealed record CampaignJourney(
    string JourneyId,
    string OperatorId,
    ProofClass ProofClass,
    DateTimeOffset StartTime,
    GeoPoint Start,
    DateTimeOffset EndTime,
    GeoPoint End,
    int DistanceMetres,
    int Seats,
    string DriverKey,
    string PassengerKey,
    bool? PassengerIsAdult,
    JourneyStatus Status,
    long? LogIndex,
    string? StartZoneCode = null,
    string? EndZoneCode = null,
    string? Territories = null)
{
    /// <summary>1-256 of [A-Za-z0-9._:-]: safe in CSV and canonical forms without quoting.</summary>
    public static bool IsToken(string s)
    {
        if (s.Length is 0 or > 256)
        {
            return false;
        }
        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The first problem that makes this record unusable, or null when it is well formed.</summary>
    public string? Problem()
    {
        if (!IsToken(JourneyId))
        {
            return "journey_id must be 1-256 letters, digits, '.', '_', ':' or '-'";
        }
        if (!IsToken(OperatorId))
        {
            return "operator_id must be 1-256 letters, digits, '.', '_', ':' or '-'";
        }
        if (!IsToken(DriverKey) || !IsToken(PassengerKey))
        {
            return "identity keys must be 1-256 letters, digits, '.', '_', ':' or '-'";
        }
        if (EndTime < StartTime)
        {
            return "the journey ends before it starts";
        }
        if (DistanceMetres is < 0 or > 1_000_000)
        {
            return "distance must be within 0..1,000,000 m";
        }
        if (Seats is < 1 or > 8)
        {
            return "seats must be within 1..8";
        }
        if (!Valid(Start) || !Valid(End))
        {
            return "positions must be within lat [-90, 90] and lon [-180, 180]";
        }
        if (LogIndex is < 0)
        {
            return "log index must not be negative";
        }
        return null;

        static bool Valid(GeoPoint p) => p.Lat is >= -90 and <= 90 && p.Lon is >= -180 and <= 180;
    }
}
