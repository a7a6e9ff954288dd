using FsCheck;
using FsCheck.Xunit;
using Mobility.CarpoolProof.Grading;
using Mobility.CarpoolProof.Pipeline;
using Mobility.CarpoolProof.Tests.Support;

namespace Mobility.CarpoolProof.Tests.Pipeline;

/// <summary>
/// The overlap law of docs/proofs.md ("Overlapping journeys"), over any order of up to four journeys of one passenger
/// with different drivers (so no other cross-operator rule fires) at two operators: one person is never in two cars
/// at once with both journeys left ok (paid), and a journey is never flagged when every journey overlapping it at
/// another operator has strictly weaker evidence.
/// </summary>
public sealed class OverlapWeighingPropertyTests
{
    private static readonly DateTimeOffset Start = ProofWorld.Now.AddHours(-3);

    [Property(MaxTest = 150)]
    public bool Weaker_evidence_never_flags_stronger_and_two_cars_at_once_never_both_stand(NonEmptyArray<int> seeds)
    {
        using var w = new ProofWorld();
        var passenger = w.Carpools.NewPerson();
        var plan = seeds.Get.Take(4).Select(s => (Class: (ProofClass)(1 + (int)((uint)s % 3)), Op: (int)((uint)s / 3 % 2), Minutes: (int)((uint)s / 6 % 120))).ToList();
        var journeys = plan.Select(p => (p.Class, p.Op, Declaration: w.Journey(w.Carpools.NewPerson(), passenger, Start.AddMinutes(p.Minutes), cls: p.Class, op: p.Op))).ToList();
        foreach (var j in journeys)
        {
            if (w.SubmitOne(j.Declaration).Kind != OutcomeKind.Accepted) return false;
        }

        var final = journeys.Select(j => (j.Class, j.Op, From: j.Declaration.Journey.Start.Datetime, To: j.Declaration.Journey.End.Datetime,
            Status: w.Pipeline.Find(j.Declaration.OperatorId, j.Declaration.Journey.OperatorJourneyId)!.Status)).ToList();
        for (var a = 0; a < final.Count; a++)
        {
            var rivals = Enumerable.Range(0, final.Count)
                .Where(b => b != a && final[b].Op != final[a].Op && final[b].From < final[a].To && final[a].From < final[b].To)
                .ToList();
            // "Standing" is ok: anomaly_error and fraud_error journeys earn no incentive.
            if (rivals.Any(b => final[a].Status == JourneyStatus.Ok && final[b].Status == JourneyStatus.Ok)) return false;
            if (rivals.All(b => final[b].Class < final[a].Class) && final[a].Status == JourneyStatus.FraudError) return false;
        }

        return true;
    }
}
