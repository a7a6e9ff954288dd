using System.Text.Json;
using Mobility.CarpoolProof.Decision;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Grading;
using Mobility.CarpoolProof.Log;
using Mobility.CarpoolProof.Rules;
using Mobility.CarpoolProof.Rules.CrossOperator;

namespace Mobility.CarpoolProof.Pipeline;

/// <summary>
/// Declarations in, attestations out, in one process: what <c>proof bench</c> measures. The decision is
/// <see cref="JourneyDecider"/>'s, the same the cluster's journey entities run: its examination (verification,
/// grading, stateless rules, routing) runs in parallel; its judgement (duplicates, then replays and per-identity rules
/// answered by <see cref="IdentityState"/>) in input order on one thread; one log append per batch; attestations are
/// signed in parallel. <see cref="Submit(IReadOnlyList{ReadOnlyMemory{byte}})"/> is not re-entrant (one caller at a
/// time); the cluster version puts stage 2 in per-identity entities.
/// </summary>
public sealed partial class ProofPipeline
{
    private readonly KeyDirectory _keys;
    private readonly IRouteEstimator _router;
    private readonly TransparencyLog _log;
    private readonly ProofStore? _store;
    private readonly PlatformKey _platform;
    private readonly TimeProvider _time;
    private readonly ProofPipelineOptions _options;
    private readonly Dictionary<string, IdentityState> _identities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JourneyRecord> _journeys = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public ProofPipeline(KeyDirectory keys, IRouteEstimator router, TransparencyLog log, PlatformKey platform, TimeProvider time,
        ProofStore? store = null, ProofPipelineOptions? options = null)
    {
        _keys = keys;
        _router = router;
        _log = log;
        _platform = platform;
        _time = time;
        _store = store;
        _options = options ?? new ProofPipelineOptions();
        if (store is not null)
        {
            store.TruncateFrom(log.Size);
            Reload(store);
        }
    }

    public int JourneyCount => _journeys.Count;

    /// <summary>Time spent in each stage since construction (Stopwatch ticks).</summary>
    public PipelineTimings Timings { get; } = new();

    /// <summary>Rules evaluated for every declaration that reaches them, in report order.</summary>
    public static IReadOnlyList<string> EvaluatedRules => JourneyDecider.EvaluatedRules;

    public IReadOnlyList<DeclarationOutcome> Submit(IReadOnlyList<SignedDeclaration> batch) =>
        Run(batch.Count, i => (batch[i], null));

    /// <summary>Parses each body (registry JSON plus evidence) and processes the batch; a malformed body is refused with its JSON path.</summary>
    public IReadOnlyList<DeclarationOutcome> Submit(IReadOnlyList<ReadOnlyMemory<byte>> bodies) =>
        Run(bodies.Count, i => Parse(bodies[i]));

    /// <summary>
    /// Parses and processes one operator-signed batch (<see cref="DeclarationBatch"/>); outcomes in batch order. A
    /// malformed batch throws <see cref="DeclarationFormatException"/> and changes nothing.
    /// </summary>
    public IReadOnlyList<DeclarationOutcome> SubmitBatch(ReadOnlyMemory<byte> batchBody) => SubmitBatch(DeclarationJson.ParseBatch(batchBody.Span));

    public IReadOnlyList<DeclarationOutcome> SubmitBatch(DeclarationBatch batch)
    {
        var now = _time.GetUtcNow();
        var prepared = PrepareBatch(batch, now);
        lock (_gate) return Decide(prepared, now);
    }

    /// <summary>
    /// <see cref="SubmitPipelined"/> for signed batch bodies: batch k+1 is parsed and verified while batch k is
    /// decided, logged and attested. A malformed batch body, whose declarations cannot be told apart, is answered
    /// with a single <c>validation_error</c> outcome.
    /// </summary>
    public void SubmitBatchesPipelined(IEnumerable<ReadOnlyMemory<byte>> batchBodies, Action<IReadOnlyList<DeclarationOutcome>> onBatch) =>
        RunPipelined(batchBodies.Select(body => (Func<DateTimeOffset, Examination[]>)(now =>
        {
            try { return PrepareBatch(DeclarationJson.ParseBatch(body.Span), now); }
            catch (DeclarationFormatException e) { return [Prepare((null, e.Message), now)]; }
        })), onBatch);

    private List<DeclarationOutcome> Run(int count, Func<int, (SignedDeclaration? Decl, string? ParseError)> source)
    {
        var now = _time.GetUtcNow();
        var prepared = PrepareAll(count, source, now);
        lock (_gate)
        {
            return Decide(prepared, now);
        }
    }

    /// <summary>
    /// Processes a stream of batches with two stages overlapped: while batch k is decided, logged and attested on
    /// this thread, batch k+1 is verified on the other cores. Outcomes are the same as submitting one by one.
    /// </summary>
    public void SubmitPipelined(IEnumerable<IReadOnlyList<ReadOnlyMemory<byte>>> batches, Action<IReadOnlyList<DeclarationOutcome>> onBatch) =>
        RunPipelined(batches.Select(bodies => (Func<DateTimeOffset, Examination[]>)(now => PrepareAll(bodies.Count, i => Parse(bodies[i]), now))), onBatch);

    private void RunPipelined(IEnumerable<Func<DateTimeOffset, Examination[]>> units, Action<IReadOnlyList<DeclarationOutcome>> onBatch)
    {
        Task<(Examination[], DateTimeOffset)>? next = null;
        using var e = units.GetEnumerator();
        Task<(Examination[], DateTimeOffset)>? Start()
        {
            if (!e.MoveNext()) return null;
            var prepare = e.Current;
            return Task.Run(() =>
            {
                var now = _time.GetUtcNow();
                return (prepare(now), now);
            });
        }
        next = Start();
        while (next is not null)
        {
            var (prepared, now) = next.GetAwaiter().GetResult();
            next = Start();
            List<DeclarationOutcome> outcomes;
            lock (_gate) outcomes = Decide(prepared, now);
            onBatch(outcomes);
        }
    }

    private static (SignedDeclaration?, string?) Parse(ReadOnlyMemory<byte> body)
    {
        try { return (DeclarationJson.Parse(body.Span), null); }
        catch (DeclarationFormatException e) { return (null, e.Message); }
    }

    private Examination[] PrepareAll(int count, Func<int, (SignedDeclaration? Decl, string? ParseError)> source, DateTimeOffset now,
        bool signedInBatch = false)
    {
        var prepared = new Examination[count];
        var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism },
            () => 0, (i, _, local) => { prepared[i] = Prepare(source(i), now, signedInBatch); return local; }, _ => { });
        Timings.Add(ref Timings.Verify, t0);
        return prepared;
    }

    /// <summary>
    /// A signed batch: every declaration verified and graded as usual but for the operator signature, then the one
    /// batch signature over their hashes; when it fails, every declaration of the batch is refused with its label.
    /// </summary>
    private Examination[] PrepareBatch(DeclarationBatch batch, DateTimeOffset now)
    {
        var prepared = PrepareAll(batch.Declarations.Count, i => (batch.Declarations[i], null), now, signedInBatch: true);
        var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        if (JourneyDecider.RefuseUnsignedBatch(batch.OperatorId, batch.OperatorSignature, [.. prepared.Select(p => p.DeclarationHash!)], _keys) is { } refusal)
        {
            for (var k = 0; k < prepared.Length; k++) prepared[k] = prepared[k].Refuse([refusal]);
        }
        Timings.Add(ref Timings.Verify, t0);
        return prepared;
    }

    private Examination Prepare((SignedDeclaration? Decl, string? ParseError) input, DateTimeOffset now, bool signedInBatch = false) =>
        input.Decl is { } d ? JourneyDecider.Examine(d, _keys, _router, now, signedInBatch) : JourneyDecider.Unreadable(input.ParseError ?? "unreadable");

    /// <summary>
    /// Decides in input order: duplicates, then <see cref="JourneyDecider.Judge"/> against the identities' states
    /// as the earlier declarations of the batch left them, then one store write and one log append for the batch.
    /// </summary>
    private List<DeclarationOutcome> Decide(Examination[] prepared, DateTimeOffset now)
    {
        var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcomes = new DeclarationOutcome[prepared.Length];
        var leaves = new List<byte[]>(prepared.Length);
        var accepted = new List<(int Outcome, int Leaf, JourneyCommitment Commitment, IReadOnlyList<RuleResult> Rules)>(prepared.Length);
        var records = new List<JourneyRecord>(prepared.Length);
        var used = new List<(string, string, string)>(prepared.Length * 2);
        var revocations = new List<(int Leaf, string JourneyKey, string Reason)>();

        for (var i = 0; i < prepared.Length; i++)
        {
            var p = prepared[i];
            if (p.Refused || p.Declaration is not { } d)
            {
                outcomes[i] = Refuse(p.Declaration, p.Violations);
                continue;
            }
            var j = d.Journey;
            var key = p.JourneyKey;
            if (_journeys.ContainsKey(key))
            {
                outcomes[i] = new DeclarationOutcome(d.OperatorId, j.OperatorJourneyId, OutcomeKind.Conflict, null, null,
                    [new(RuleLabel.DuplicateJourney, RuleSeverity.Conflict, "operator_journey_id already recorded")], [], null, "already recorded");
                continue;
            }

            var trips = p.Trips();
            var judged = JourneyDecider.Judge(p, [.. trips.Select(t => Answer(t.Identity, t.Trip, p.Values))], now);
            if (!judged.Recorded)
            {
                outcomes[i] = Refuse(d, judged.Violations);
                continue;
            }

            var commitment = judged.Commitment!;
            var leaf = commitment.LeafBytes();
            var leafPos = leaves.Count;
            leaves.Add(leaf);
            var record = new JourneyRecord(key, d.OperatorId, j.OperatorJourneyId, j.OperatorTripId, j.Driver.Identity.IdentityKey, j.Passenger.Identity.IdentityKey,
                j.Start.Datetime, j.End.Datetime, commitment.Status, commitment.ProofClass, leafPos, StatusChange.LeafHash(leaf));
            _journeys[key] = record;
            records.Add(record);
            foreach (var (identity, trip) in trips) Record(identity, trip, p.Values);
            foreach (var value in p.Values)
            {
                var (kind, v) = EvidenceValues.Split(value);
                used.Add((v, kind, key));
            }

            outcomes[i] = new DeclarationOutcome(d.OperatorId, j.OperatorJourneyId, OutcomeKind.Accepted, p.Grade!.Class, commitment.Status, judged.Violations,
                judged.Rules, leafPos, null);
            accepted.Add((i, leafPos, commitment, judged.Rules));

            // Fraud found now also indicts the earlier journey it collides with: revoke it in the log.
            foreach (var (other, label) in judged.Indicted)
            {
                if (!_journeys.TryGetValue(other, out var earlier) || earlier.Status != JourneyStatus.Ok) continue;
                if (revocations.Exists(r => r.JourneyKey == other)) continue;
                _journeys[other] = earlier with { Status = JourneyStatus.FraudError };
                revocations.Add((leaves.Count, other, label));
                leaves.Add(new StatusChange(earlier.OperatorId, earlier.OperatorJourneyId, earlier.LeafHash, StatusChange.Revoked, label,
                    Evidence.UtcTimestamp.Truncate(now)).LeafBytes());
            }
        }

        Timings.Add(ref Timings.Decide, t0);
        if (leaves.Count == 0) return [.. outcomes];
        // Store first (an intent at the indexes the leaves will get), then the log: after a crash between the two,
        // the store is cut back to the log on reopen. The pipeline is the log's only writer.
        var first = _log.Size;
        t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var k = 0; k < records.Count; k++)
        {
            var r = records[k] with { LeafIndex = first + records[k].LeafIndex };
            records[k] = r;
            _journeys[r.JourneyKey] = _journeys[r.JourneyKey] with { LeafIndex = r.LeafIndex };
        }
        foreach (var (o, leafPos, _, _) in accepted) outcomes[o] = outcomes[o] with { LeafIndex = first + leafPos };
        try
        {
            _store?.Save(new ProofStore.BatchWrite(records, used,
                [.. revocations.Select(r => (first + r.Leaf, r.JourneyKey, JourneyStatus.FraudError, r.Reason))]));
            Timings.Add(ref Timings.Store, t0);
            t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            // With attestations to issue, the batch's checkpoint is signed and stored in the append's own transaction.
            var appended = _log.AppendBatch(leaves, checkpoint: _options.IssueAttestations && accepted.Count > 0);
            if (appended != first) throw new InvalidOperationException($"log appended at {appended}, expected {first}: another writer?");
            Timings.Add(ref Timings.Append, t0);
        }
        catch
        {
            RollBackToLog();
            throw;
        }

        t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        if (_options.IssueAttestations && accepted.Count > 0) IssueAttestations(accepted, first, now);
        Timings.Add(ref Timings.Attest, t0);
        return [.. outcomes];
    }

    private void IssueAttestations(List<(int Outcome, int Leaf, JourneyCommitment Commitment, IReadOnlyList<RuleResult> Rules)> accepted, long first, DateTimeOffset now)
    {
        var checkpoint = _log.CheckpointCovering(_log.Size);
        var size = checkpoint.Checkpoint.Size;
        var issued = new (long, string, string)[accepted.Count];
        var config = new AttestationIssuer.ProofConfiguration(_platform, now);
        Parallel.For(0, accepted.Count, new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism }, k =>
        {
            var (_, leafPos, commitment, rules) = accepted[k];
            var index = first + leafPos;
            var proof = _log.ProveInclusion(index, size);
            var vc = AttestationIssuer.IssueText(commitment, rules, index, size, proof.Path, checkpoint.Note, _platform, config);
            issued[k] = (index, commitment.OperatorId + "/" + commitment.OperatorJourneyId, vc);
        });
        _store?.SaveAttestations(issued);
        LastAttestations = issued;
    }

    /// <summary>The attestations of the last batch (leaf index, journey key, JSON), for callers without a store.</summary>
    public IReadOnlyList<(long LeafIndex, string JourneyKey, string Json)> LastAttestations { get; private set; } = [];
}
