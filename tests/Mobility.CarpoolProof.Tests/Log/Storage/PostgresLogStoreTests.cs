using Mobility.CarpoolProof.Log;
using Mobility.CarpoolProof.Log.Notes;
using Mobility.CarpoolProof.Log.Storage;

namespace Mobility.CarpoolProof.Tests.Log.Storage;

public sealed class PostgresLogStoreTests
{
    private static TransparencyLogOptions Options(NoteSigner? signer = null) => new() { Origin = "test.example/log", Signer = signer };

    [Fact]
    public void Reopening_the_schema_gives_the_same_root_and_proofs()
    {
        var connectionString = PostgresTestDatabase.ConnectionStringOrSkip();
        var schema = PostgresTestDatabase.NewSchema();
        try
        {
            using var signer = NoteSigner.Generate("test.example/log");
            byte[] root;
            string checkpoint;
            using (var log = TransparencyLog.Open(PostgresLogStore.Open(connectionString, schema), Options(signer)))
            {
                for (var i = 0; i < 700; i += 100)
                {
                    log.AppendBatch(Enumerable.Range(i, 100).Select(LogFixture.Leaf).ToArray());
                }

                root = log.RootHash();
                checkpoint = log.Checkpoint().Note;
            }

            using var reopened = TransparencyLog.Open(PostgresLogStore.Open(connectionString, schema), Options(signer));
            Assert.Equal(700, reopened.Size);
            Assert.Equal(root, reopened.RootHash());
            Assert.Equal(LogFixture.Build(700).Log.RootHash(), root);
            Assert.Equal(checkpoint, reopened.Store.LatestCheckpoint());
            Assert.Equal(LogFixture.Leaf(345), reopened.ReadLeaf(345));
            reopened.Append("more"u8);
            Assert.True(ProofVerifier.VerifyConsistency(700, 701, root, reopened.RootHash(), reopened.ProveConsistency(700, 701).Path));
        }
        finally
        {
            PostgresTestDatabase.DropSchema(connectionString, schema);
        }
    }

    [Fact]
    public void A_checkpointed_batch_stores_its_checkpoint_in_the_same_transaction()
    {
        var connectionString = PostgresTestDatabase.ConnectionStringOrSkip();
        var schema = PostgresTestDatabase.NewSchema();
        try
        {
            using var signer = NoteSigner.Generate("test.example/log");
            string stored;
            using (var log = TransparencyLog.Open(PostgresLogStore.Open(connectionString, schema), Options(signer)))
            {
                log.AppendBatch(Enumerable.Range(0, 30).Select(i => (ReadOnlyMemory<byte>)LogFixture.Leaf(i)).ToArray(), checkpoint: true);
                stored = log.Store.LatestCheckpoint()!;
                Assert.Equal(stored, log.CheckpointCovering(30).Note); // No second write: the batch's checkpoint covers it.
                Assert.Equal(30, Checkpoint.Open(stored, signer.Verifier, "test.example/log").Size);
            }

            using var reopened = TransparencyLog.Open(PostgresLogStore.Open(connectionString, schema), Options(signer));
            Assert.Equal(stored, reopened.Store.LatestCheckpoint());
            Assert.Equal(reopened.RootHash(), Checkpoint.Open(stored, signer.Verifier, "test.example/log").RootHash);
        }
        finally
        {
            PostgresTestDatabase.DropSchema(connectionString, schema);
        }
    }

    [Theory]
    [InlineData("UPDATE {0}.leaf SET data = '\\x00' WHERE idx = 10")]
    [InlineData("DELETE FROM {0}.node WHERE level = 1 AND idx = 3")]
    [InlineData("UPDATE {0}.head SET root = decode(repeat('00', 32), 'hex')")]
    [InlineData("DELETE FROM {0}.head")]
    public void An_inconsistent_schema_is_reported_and_not_rewritten(string tamper)
    {
        var connectionString = PostgresTestDatabase.ConnectionStringOrSkip();
        var schema = PostgresTestDatabase.NewSchema();
        try
        {
            using (var log = TransparencyLog.Open(PostgresLogStore.Open(connectionString, schema), Options()))
            {
                log.AppendBatch(Enumerable.Range(0, 50).Select(LogFixture.Leaf).ToArray());
            }

            PostgresTestDatabase.Execute(connectionString, string.Format(System.Globalization.CultureInfo.InvariantCulture, tamper, schema));
            Assert.Throws<LogStoreCorruptException>(() =>
            {
                using var log = TransparencyLog.Open(PostgresLogStore.Open(connectionString, schema), Options());
            });
        }
        finally
        {
            PostgresTestDatabase.DropSchema(connectionString, schema);
        }
    }

    [Fact]
    public void Two_sequencers_on_one_schema_conflict_instead_of_forking()
    {
        var connectionString = PostgresTestDatabase.ConnectionStringOrSkip();
        var schema = PostgresTestDatabase.NewSchema();
        try
        {
            using var first = TransparencyLog.Open(PostgresLogStore.Open(connectionString, schema), Options());
            using var second = TransparencyLog.Open(PostgresLogStore.Open(connectionString, schema), Options());
            first.Append("a"u8);
            Assert.Throws<LogStoreConflictException>(() => second.Append("b"u8));
        }
        finally
        {
            PostgresTestDatabase.DropSchema(connectionString, schema);
        }
    }
}
