using System.Text.RegularExpressions;
using Mobility.CarpoolProof.Identity;

namespace Mobility.CarpoolProof.Declarations;

/// <summary>Schema checks of the registry's v3.3 journey (types, patterns, bounds) that JSON binding alone does not do.</summary>
public static partial class DeclarationValidator
{
    public const int MaxIdLength = 256;
    public const int MaxIncentives = 32;

    /// <summary>Returns every problem as "field: reason"; empty when the journey is well-formed.</summary>
    public static IReadOnlyList<string> Validate(SignedDeclaration d)
    {
        var errors = new List<string>();
        var j = d.Journey;
        if (string.IsNullOrEmpty(d.OperatorId) || d.OperatorId.Length > MaxIdLength) errors.Add("operator_id: 1 to 256 characters");
        if (j is null) { errors.Add("journey: required"); return errors; }
        if (!JourneyIdPattern().IsMatch(j.OperatorJourneyId ?? "")) errors.Add("journey.operator_journey_id: pattern ^[a-z0-9]{1,256}$");
        if (string.IsNullOrEmpty(j.OperatorTripId) || j.OperatorTripId.Length > MaxIdLength) errors.Add("journey.operator_trip_id: 1 to 256 characters");
        if (j.OperatorClass is not ("A" or "B" or "C")) errors.Add("journey.operator_class: one of A, B, C");
        if (j.Incentives is null) errors.Add("journey.incentives: required (empty array when none)");
        else
        {
            if (j.Incentives.Count > MaxIncentives) errors.Add($"journey.incentives: at most {MaxIncentives}");
            for (var i = 0; i < j.Incentives.Count; i++)
            {
                var inc = j.Incentives[i];
                if (inc.Index < 0) errors.Add($"journey.incentives[{i}].index: >= 0");
                if (inc.Amount < 0) errors.Add($"journey.incentives[{i}].amount: >= 0");
                if (!SiretPattern().IsMatch(inc.Siret ?? "")) errors.Add($"journey.incentives[{i}].siret: 14 digits");
            }
        }
        CheckPoint(errors, "journey.start", j.Start);
        CheckPoint(errors, "journey.end", j.End);
        // Schema distance: metres, 0..1,000,000; the 2 km and 1,000 km terms are rules, not schema errors.
        if (j.Distance < 0) errors.Add("journey.distance: >= 0");
        if (j.Driver is null) errors.Add("journey.driver: required");
        else
        {
            CheckIdentity(errors, "journey.driver.identity", j.Driver.Identity);
            if (j.Driver.Revenue < 0) errors.Add("journey.driver.revenue: >= 0");
        }
        if (j.Passenger is null) errors.Add("journey.passenger: required");
        else
        {
            CheckIdentity(errors, "journey.passenger.identity", j.Passenger.Identity);
            if (j.Passenger.Contribution < 0) errors.Add("journey.passenger.contribution: >= 0");
        }
        if (d.Evidence is null) errors.Add("evidence: required (may hold empty lists)");
        return errors;
    }

    private static void CheckPoint(List<string> errors, string field, TimeGeoPoint? p)
    {
        if (p is null) { errors.Add($"{field}: required"); return; }
        if (!(p.Lat is >= -90 and <= 90)) errors.Add($"{field}.lat: -90..90");
        if (!(p.Lon is >= -180 and <= 180)) errors.Add($"{field}.lon: -180..180");
        if (p.Datetime.Offset != TimeSpan.Zero) errors.Add($"{field}.datetime: UTC (Z) required");
    }

    private static void CheckIdentity(List<string> errors, string field, PersonIdentity? id)
    {
        if (id is null) { errors.Add($"{field}: required"); return; }
        if (!IdentityKey.IsWellFormed(id.IdentityKey)) errors.Add($"{field}.identity_key: 64 lowercase hex characters");
        if (string.IsNullOrEmpty(id.OperatorUserId) || id.OperatorUserId.Length > MaxIdLength) errors.Add($"{field}.operator_user_id: 1 to 256 characters");
        if (!PhoneTruncPattern().IsMatch(id.PhoneTrunc ?? "")) errors.Add($"{field}.phone_trunc: pattern ^\\+[0-9]{{8,12}}$");
    }

    [GeneratedRegex("^[a-z0-9]{1,256}$")]
    private static partial Regex JourneyIdPattern();

    [GeneratedRegex("^[0-9]{14}$")]
    private static partial Regex SiretPattern();

    [GeneratedRegex(@"^\+[0-9]{8,12}$")]
    private static partial Regex PhoneTruncPattern();
}
