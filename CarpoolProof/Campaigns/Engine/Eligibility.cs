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
        if (c.Operators is { } ops && !OperatorAllowed(ops, j.OperatorId, date))
        {
            return Ineligibility.OperatorNotAllowed;
        }
        if (c.ProofClasses is { } windows && !ClassAllowed(windows, j.ProofClass, date))
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
        if (c.TimeSlots is { } slots && !InSlot(slots, time))
        {
            return Ineligibility.TimeSlot;
        }
        if (c.Territory is { } t && !t.Matches(j.Start, j.StartZoneCode, j.End, j.EndZoneCode))
        {
            return Ineligibility.Territory;
        }
        for (var i = 0; i < c.Exclusions.Count; i++)
        {
            if (c.Exclusions[i].Matches(j.Start, j.StartZoneCode, j.End, j.EndZoneCode))
            {
                return Ineligibility.Excluded;
            }
        }
        return null;
    }

    /// <summary>
    /// The filters that an attestation can answer (it discloses operator, proof class and start time, not places,
    /// distance or age): validity, operator, proof class, weekday and time slot, in that order; null when they pass.
    /// </summary>
    public static Ineligibility? CheckAttested(CampaignDocument c, string operatorId, ProofClass proofClass, DateOnly date, TimeOnly time)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (!c.Validity.Contains(date))
        {
            return Ineligibility.OutsideValidity;
        }
        if (c.Operators is { } ops && !OperatorAllowed(ops, operatorId, date))
        {
            return Ineligibility.OperatorNotAllowed;
        }
        if (c.ProofClasses is { } windows && !ClassAllowed(windows, proofClass, date))
        {
            return Ineligibility.ProofClass;
        }
        if (c.Weekdays is { } days && !days.Contains(date.DayOfWeek))
        {
            return Ineligibility.Weekday;
        }
        return c.TimeSlots is { } slots && !InSlot(slots, time) ? Ineligibility.TimeSlot : null;
    }

    // Plain loops: these run for every journey in every campaign, and lambdas capturing locals would allocate.
    private static bool OperatorAllowed(IReadOnlyList<OperatorAllowance> ops, string op, DateOnly date)
    {
        for (var i = 0; i < ops.Count; i++)
        {
            if (ops[i].OperatorId == op && ops[i].Dates.Contains(date))
            {
                return true;
            }
        }
        return false;
    }

    private static bool ClassAllowed(IReadOnlyList<ProofClassWindow> windows, ProofClass cls, DateOnly date)
    {
        for (var i = 0; i < windows.Count; i++)
        {
            if (windows[i].Dates.Contains(date) && windows[i].Classes.Contains(cls))
            {
                return true;
            }
        }
        return false;
    }

    private static bool InSlot(IReadOnlyList<TimeSlot> slots, TimeOnly time)
    {
        for (var i = 0; i < slots.Count; i++)
        {
            if (slots[i].Contains(time))
            {
                return true;
            }
        }
        return false;
    }
}
