using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.CarpoolProof.Campaigns.Engine;

/// <summary>The campaign's filters, applied in the order of <see cref="Ineligibility"/>; pure.</summary>
public static class Eligibility
{
    public static Ineligibility? Check(CampaignDocument c, CampaignJourney j, DateOnly date, TimeOnly time)
    {
        if (j.Status != JourneyStatus.Accepted)
        {
            return Ineligibility.NotAccepted;
        }
        if (!c.Validity.Contains(date))
        {
            return Ineligibility.OutsideValidity;
        }
        if (c.Operators is { } ops && !ops.Any(o => o.OperatorId == j.OperatorId && o.Dates.Contains(date)))
        {
            return Ineligibility.OperatorNotAllowed;
        }
        if (c.ProofClasses is { } windows && !windows.Any(w => w.Dates.Contains(date) && w.Classes.Contains(j.ProofClass)))
        {
            return Ineligibility.ProofClass;
        }
        // The registry's over_18 is true, false or null; null is not proof of age, so it does not pass (RPC v3.3).
        if (c.AdultsOnly && j.PassengerIsAdult != true)
        {
            return Ineligibility.NotAdult;
        }
        if (!c.Distance.Contains(j.DistanceMetres))
        {
            return Ineligibility.Distance;
        }
        if (c.Weekdays is { } days && !days.Contains(date.DayOfWeek))
        {
            return Ineligibility.Weekday;
        }
        if (c.TimeSlots is { } slots && !slots.Any(s => s.Contains(time)))
        {
            return Ineligibility.TimeSlot;
        }
        if (c.Territory is { } t && !t.Matches(j.Start, j.StartZoneCode, j.End, j.EndZoneCode))
        {
            return Ineligibility.Territory;
        }
        foreach (var x in c.Exclusions)
        {
            if (x.Matches(j.Start, j.StartZoneCode, j.End, j.EndZoneCode))
            {
                return Ineligibility.Excluded;
            }
        }
        return null;
    }
}
