using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Streams;
using Mobility.CarpoolProof.Log;
using Mobility.CarpoolProof.Pipeline;
using static Mobility.Actors.Carpool.LogMessages;

namespace Mobility.Actors.Carpool;

/// <summary>
/// The transparency log's only writer in the cluster (a cluster singleton): appends from every node are coalesced
/// by a <see cref="LogSequencer"/> into one store transaction per batch; each caller gets its leaf indices, their
/// RFC 9162 inclusion proofs and a signed checkpoint covering them. Reads (proofs, leaves, listings) are answered
/// from the in-memory tree and the store.
/// </summary>
public sealed class LogSingletonActor : ReceiveActor, IWithTimers
{
    /// <summary>Most leaves one export request returns.</summary>
    public const int MaxLeavesPerRead = 10_000;

    public const int MaxListLimit = 500;

    private readonly CarpoolContext _context;
    private TransparencyLog _log = null!;
    private LogSequencer _sequencer = null!;
    private LogAppendGuard _guard = null!;
    private LeafOpeningStore _openings = null!;
    private readonly JourneyIndex _index = new();

    public LogSingletonActor(CarpoolContext context)
    {
        _context = context;
        Receive<Append>(a =>
        {
            var openings = a.Leaves.Select((_, k) => a.Openings?.ElementAtOrDefault(k) is { } bytes ? LeafOpening.FromBytes(bytes) : null).ToArray();
            try
            {
                // The openings first, in one transaction: a sealed leaf in the log always has its opening stored.
                _openings.Put([.. openings.OfType<LeafOpening>()]);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException or InvalidOperationException)
            {
                Sender.Tell(new Failed(LogFailure.Unavailable, "The log could not store the leaves' openings: " + e.Message));
                return;
            }

            AppendAsync([.. a.Leaves.Select((leaf, k) => _guard.Append(leaf, a.Territories is { } t && k < t.Count ? t[k] : null, openings[k]))]).PipeTo(Sender);
        });
        Receive<GetCheckpoint>(_ =>
        {
            var signed = _log.CheckpointCovering(_log.Size);
            Sender.Tell(new CheckpointNote(signed.Checkpoint.Size, signed.Note));
        });
        Receive<ProveInclusion>(p => Sender.Tell(Answer(() =>
        {
            var proof = _log.ProveInclusion(p.Index, p.Size);
            return new Proof(p.Index, p.Size, [.. proof.Path.Select(Convert.ToBase64String)]);
        })));
        Receive<ProveConsistency>(p => Sender.Tell(Answer(() =>
        {
            var proof = _log.ProveConsistency(p.From, p.To);
            return new Proof(p.From, p.To, [.. proof.Path.Select(Convert.ToBase64String)]);
        })));
        Receive<ReadLeaves>(r => Sender.Tell(Answer(() =>
        {
            var size = _log.Size;
            if (r.Start < 0 || r.End < r.Start || r.End > size)
            {
                throw new ArgumentOutOfRangeException(nameof(r), $"Need 0 <= start <= end <= {size} (the tree size).");
            }

            if (r.End - r.Start > MaxLeavesPerRead)
            {
                throw new ArgumentOutOfRangeException(nameof(r), $"At most {MaxLeavesPerRead} leaves per request.");
            }

            return new Leaves(r.Start, [.. _log.Store.ReadLeaves(r.Start, r.End - r.Start).Select(Convert.ToBase64String)]);
        })));
        Receive<FindJourneys>(f => Sender.Tell(Answer(() =>
        {
            if (f.JourneyKeys.Count > MaxLeavesPerRead)
            {
                throw new ArgumentOutOfRangeException(nameof(f), $"At most {MaxLeavesPerRead} journeys per request.");
            }

            // A sealed leaf shows no journey: its opening (stored before it was appended) is answered beside it.
            var leaves = f.JourneyKeys.Select(k => _index.CommitmentOf(k) is { } at ? _log.ReadLeaf(at) : null).ToArray();
            var openings = leaves.Select(l => l is not null && SealedLeaf.Parse(l) is { } p && _openings.Find(p.Commitment) is { } o
                ? Convert.ToBase64String(o.ToBytes()) : null).ToArray();
            return new JourneysFound([.. leaves.Select(l => l is null ? null : Convert.ToBase64String(l))], openings.Any(o => o is not null) ? openings : null);
        })));
        Receive<ReadOpenings>(r => Sender.Tell(Answer(() =>
        {
            var size = _log.Size;
            if (r.Start < 0 || r.End < r.Start || r.End > size || r.End - r.Start > MaxLeavesPerRead)
            {
                throw new ArgumentOutOfRangeException(nameof(r), $"Need 0 <= start <= end <= {size} (the tree size), at most {MaxLeavesPerRead} leaves.");
            }

            var items = new List<OpenedLeaf>();
            var i = r.Start;
            foreach (var leaf in _log.Store.ReadLeaves(r.Start, r.End - r.Start))
            {
                if (SealedLeaf.Parse(leaf) is { } sealedLeaf && _openings.Find(sealedLeaf.Commitment) is { } o)
                {
                    items.Add(new OpenedLeaf(i, Mobility.CarpoolProof.Evidence.Base64Url.Encode(o.Salt), Convert.ToBase64String(o.Body)));
                }

                i++;
            }

            return new Openings(r.Start, items);
        })));
        Receive<ListJourneys>(l =>
        {
            // With no territory ever registered (the registry keeps every one), every journey is the configured
            // territory's: nothing to wait for. Otherwise the list waits until every journey's attribution is known.
            if (l.Territory is not null && !_attributionsRead && _context.Territories.Current is not { IsEmpty: true })
            {
                // An authority's list waits for every journey's attribution: a journey never shows in another territory's list.
                Sender.Tell(new Failed(LogFailure.Unavailable, "The log's index is still reading the journeys' territories; retry in a few seconds."));
                return;
            }

            var (page, next) = _index.List(l.OperatorId, l.Status, l.After, Math.Clamp(l.Limit, 1, MaxListLimit), l.Territory, _context.Territory);
            Sender.Tell(new JourneyList(page, next));
        });
        Receive<AttributionsRead>(_ => _attributionsRead = true);
        Receive<AttributionsFailed>(f =>
        {
            Context.GetLogger().Warning("Reading the journeys' territories from the journal failed ({0}); again in {1}", f.Cause.Message, RetryDelay);
            Timers.StartSingleTimer("attributions", new ReadAttributions(), RetryDelay);
        });
        Receive<ReadAttributions>(_ => StartReadingAttributions());
    }

    public static Props PropsFor(CarpoolContext context) => Props.Create(() => new LogSingletonActor(context));

    public ITimerScheduler Timers { get; set; } = null!;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private bool _attributionsRead;

    private sealed record ReadAttributions;

    private sealed record AttributionsRead;

    private sealed record AttributionsFailed(Exception Cause);

    /// <summary>
    /// The leaves do not name territories yet (docs/proofs.md "Territories"): each journey's attribution is persisted
    /// with its acceptance, tagged for the campaign feed, so the index reads it back from the journal when the
    /// singleton starts (journeys appended meanwhile bring theirs with the append).
    /// </summary>
    private void StartReadingAttributions()
    {
        var index = _index;
        try
        {
            var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<Akka.Persistence.Sql.Query.SqlReadJournal>("akka.persistence.query.journal.sql");
            journal.CurrentEventsByTag(Campaigns.CampaignFeed.Tag, Offset.NoOffset())
                .RunForeach(e =>
                {
                    if (e.Event is CarpoolEvents.JourneyAccepted { Journey: var v })
                    {
                        index.Attribute(v.OperatorId + "/" + v.OperatorJourneyId, v.Territories);
                    }
                }, Context.Materializer())
                .PipeTo(Self, success: () => new AttributionsRead(), failure: e => new AttributionsFailed(e));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or Akka.Configuration.ConfigurationException)
        {
            Self.Tell(new AttributionsFailed(e));
        }
    }

    protected override void PreStart()
    {
        _log = _context.OpenLog();
        // Every batch's callers need a signed checkpoint covering it: it is written with the batch (one commit, not two).
        _sequencer = new LogSequencer(_log, checkpointEachBatch: true);
        _guard = new LogAppendGuard(_sequencer, _index);
        _openings = _context.OpenOpenings();
        var openings = _openings.ReadAll();
        const int chunk = 4_096;
        for (long start = 0; start < _log.Size; start += chunk)
        {
            var i = start;
            foreach (var leaf in _log.Store.ReadLeaves(start, Math.Min(chunk, _log.Size - start)))
            {
                _index.Add(i++, leaf, null, SealedLeaf.Parse(leaf) is { } sealedLeaf ? openings.GetValueOrDefault(sealedLeaf.Commitment) : null);
            }
        }

        StartReadingAttributions();
    }

    protected override void PostStop()
    {
        _sequencer.Dispose();
        _log.Dispose();
        _openings?.Dispose();
    }

    /// <param name="writes">What <see cref="LogAppendGuard.Append"/> made of each leaf, started in the actor's turn.</param>
    private async Task<object> AppendAsync((Task<long> Index, bool Existing)[] writes)
    {
        try
        {
            var indices = await Task.WhenAll(writes.Select(w => w.Index)).ConfigureAwait(false);

            // A leaf already in the log is answered with the stored bytes: the caller attests what the log holds.
            var stored = writes.Select((w, k) => w.Existing ? _log.ReadLeaf(indices[k]) : null).ToArray();
            var existing = writes.Any(w => w.Existing) ? stored.Select(l => l is null ? null : Convert.ToBase64String(l)).ToArray() : null;
            var existingOpenings = existing is null ? null : stored.Select(l => l is not null && SealedLeaf.Parse(l) is { } p && _openings.Find(p.Commitment) is { } o
                ? Convert.ToBase64String(o.ToBytes()) : null).ToArray();

            // One signed checkpoint serves every caller of a batch (CheckpointCovering reuses the latest).
            var signed = _log.CheckpointCovering(indices.Max() + 1);
            var size = signed.Checkpoint.Size;
            var proofs = indices.Select(i => (IReadOnlyList<string>)[.. _log.ProveInclusion(i, size).Path.Select(Convert.ToBase64String)]).ToArray();
            return new Appended(indices, size, signed.Note, proofs, existing, existingOpenings?.Any(o => o is not null) == true ? existingOpenings : null);
        }
        // A conflict means another writer moved the stored log on (this singleton is left over from a partition): the
        // store refuses its every append, and the caller, told to retry, reaches the singleton the cluster kept.
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or System.Data.Common.DbException
                                       or Mobility.CarpoolProof.Log.Storage.LogStoreConflictException or Mobility.CarpoolProof.Log.Storage.LogStoreCorruptException)
        {
            return new Failed(LogFailure.Unavailable, "The log could not append: " + e.Message);
        }
    }

    private static object Answer(Func<object> query)
    {
        try
        {
            return query();
        }
        catch (ArgumentException e)
        {
            return new Failed(LogFailure.OutOfRange, e.Message);
        }
    }
}
