using Mobility.CarpoolProof.Pipeline;
using Mobility.CarpoolProof.Tests.Support;

namespace Mobility.CarpoolProof.Tests.Pipeline;

public sealed class CrashRecoveryTests
{
    [Fact]
    public void Store_rows_written_for_leaves_the_log_never_got_are_forgotten_on_reopen()
    {
        var dir = Directory.CreateTempSubdirectory("proof-crash").FullName;
        try
        {
            using var w = new ProofWorld(dir);
            var start = ProofWorld.Now.AddHours(-3);
            var kept = w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), start);
            w.SubmitOne(kept);
            var lost = w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), start.AddMinutes(5));
            var keptKey = kept.OperatorId + "/" + kept.Journey.OperatorJourneyId;

            // The crash: the store transaction of the next batch committed (a new journey and a status change that
            // revokes the first), the log append did not.
            var size = w.Log.Size;
            w.Store!.Save(new ProofStore.BatchWrite(
                [new JourneyRecord(lost.OperatorId + "/" + lost.Journey.OperatorJourneyId, lost.OperatorId, lost.Journey.OperatorJourneyId,
                    lost.Journey.OperatorTripId, lost.Journey.Driver.Identity.IdentityKey, lost.Journey.Passenger.Identity.IdentityKey,
                    lost.Journey.Start.Datetime, lost.Journey.End.Datetime, JourneyStatus.Ok, "C", size, "x")],
                [(lost.Evidence.Pickups[0].Challenge, Mobility.CarpoolProof.Decision.EvidenceValues.ChallengeKind, lost.OperatorId + "/" + lost.Journey.OperatorJourneyId)],
                [(size + 1, keptKey, JourneyStatus.Canceled, "canceled")]));
            w.Restart();

            Assert.Equal(size, w.Log.Size);
            Assert.Equal(JourneyStatus.Ok, w.Pipeline.Find(kept.OperatorId, kept.Journey.OperatorJourneyId)!.Status);
            Assert.Null(w.Pipeline.Find(lost.OperatorId, lost.Journey.OperatorJourneyId));
            var outcome = w.SubmitOne(lost); // neither a conflict nor a replay: it was never logged
            Assert.Equal(OutcomeKind.Accepted, outcome.Kind);
            Assert.Equal(size, outcome.LeafIndex);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
