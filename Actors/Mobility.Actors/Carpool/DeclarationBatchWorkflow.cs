using Akka.Actor;
using Mobility.CarpoolProof.Decision;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Pipeline;
using Mobility.CarpoolProof.Rules;
using Mobility.CarpoolProof.Rules.CrossOperator;
using static Mobility.Actors.Carpool.JourneyMessages;

namespace Mobility.Actors.Carpool;

/// <summary>
/// An operator-signed batch decided as a unit (docs/proofs.md, "Batches as a unit"), once its signature verified:
/// <list type="number">
/// <item>its manifest kept (<see cref="BatchManifestActor"/>), before any of its journeys is logged;</item>
/// <item>every declaration examined (<see cref="JourneyDecider.Examine"/>) in parallel against the keys bound;</item>
/// <item>one question to the log for the journeys it already holds (duplicates, or an earlier attempt's leaves);</item>
/// <item>one reservation per identity touched, answered with a snapshot; the batch judged in order
/// (<see cref="BatchJudge"/>), so each declaration gets the verdict it gets alone in the same order;</item>
/// <item>one log append for all its leaves, attestations signed in parallel;</item>
/// <item>one write per entity: each journey's acceptance, each identity's journeys of the batch.</item>
/// </list>
/// A crash anywhere before the answer acknowledges nothing; the same batch again adopts the leaves the log already
/// holds for it (the log never holds two for one journey), and answers a journey it already recorded from the same
/// signed declaration with that journey (201, the same attestation) instead of a conflict.
/// </summary>
public sealed class DeclarationBatchWorkflow(CarpoolContext context, IActorRef journeys, IActorRef identities, IActorRef bindings, IActorRef log, IActorRef manifests)
{
    /// <summary>
    /// Asks of one batch in flight at once (binding look-ups, reservations, writes). Each may start an entity, whose
    /// recovery reads the journal: thousands at once time the journal's reads out and open its circuit breaker.
    /// </summary>
    private const int InFlight = 64;

    /// <summary>Times a batch lets go of its reservations and tries again when it could not get them all (a wait that could be a cycle).</summary>
    private const int ReservationAttempts = 4;

    /// <param name="hashes">The declaration hashes the operator's batch signature covers (verified by the caller).</param>
    /// <returns>One answer per declaration, in batch order.</returns>
    public async Task<IReadOnlyList<Declared>> RunAsync(DeclarationBatch batch, IReadOnlyList<string> hashes, CancellationToken ct = default)
    {
        var now = context.Time.GetUtcNow();
        var n = batch.Declarations.Count;
        var batchKey = BatchMessages.KeyOf(batch.OperatorId, hashes);
        Declared[] AllUnavailable(string detail) => [.. batch.Declarations.Select(d => Unavailable(KeyOf(batch.OperatorId, d), detail))];

        try
        {
            await manifests.Ask<BatchMessages.Kept>(new BatchMessages.Keep(batchKey, batch.OperatorId, batch.OperatorSignature!, hashes), context.AskTimeout, ct);
        }
        catch (AskTimeoutException)
        {
            return AllUnavailable("The batch manifest was not stored; nothing was recorded, retry the batch.");
        }

        KeyDirectory keys;
        try
        {
            keys = await KeysAsync(batch, ct);
        }
        catch (AskTimeoutException)
        {
            return AllUnavailable($"A key binding did not answer within {context.AskTimeout.TotalSeconds:0} s; nothing was recorded, retry the batch.");
        }

        // Attributed once, with the polygons this node holds, as one by one (docs/proofs.md "Territories").
        Mobility.CarpoolProof.Territories.TerritoryMap map;
        try
        {
            map = await context.Territories.MapAsync();
        }
        catch (Mobility.Actors.Territories.TerritoriesUnavailableException e)
        {
            return AllUnavailable(e.Message);
        }

        var examined = new Examination[n];
        await Task.Run(() => Parallel.For(0, n, i => examined[i] = JourneyDecider.Examine(batch.Declarations[i], keys, context.Router, now, signedInBatch: true)), ct);

        // Journeys the log already holds: recorded ones are duplicates; a leaf of the same declaration whose journey
        // never persisted (a crash after the append) is adopted below, as one by one.
        var candidates = examined.Where(e => !e.Refused).Select(e => e.JourneyKey).Distinct(StringComparer.Ordinal).ToList();
        var logged = new Dictionary<string, JourneyCommitment>(StringComparer.Ordinal);
        var recorded = new HashSet<string>(StringComparer.Ordinal);
        var retried = new Dictionary<string, JourneyView>(StringComparer.Ordinal);
        try
        {
            if (candidates.Count > 0)
            {
                var found = await log.Ask<object>(new LogMessages.FindJourneys(candidates), context.AskTimeout, ct);
                if (found is not LogMessages.JourneysFound f)
                {
                    return AllUnavailable("The transparency log did not answer; nothing was recorded, retry the batch.");
                }

                for (var k = 0; k < candidates.Count; k++)
                {
                    // A sealed leaf shows only its commitment: the journey is read through the opening stored with it.
                    if (f.Leaves[k] is { } leaf && Commitment(Convert.FromBase64String(leaf), f.Openings?.ElementAtOrDefault(k)) is { } c)
                    {
                        logged[candidates[k]] = c;
                    }
                }
            }

            foreach (var e in examined.Where(e => !e.Refused && logged.ContainsKey(e.JourneyKey)).DistinctBy(e => e.JourneyKey))
            {
                if (logged[e.JourneyKey].DeclarationSha256 != e.DeclarationHash)
                {
                    recorded.Add(e.JourneyKey);
                }
                else if (await journeys.Ask<object>(new Get(e.JourneyKey), context.AskTimeout, ct) is Found found)
                {
                    recorded.Add(e.JourneyKey);
                    retried[e.JourneyKey] = found.Journey; // The same signed declaration, already recorded: a retry.
                }
            }
        }
        catch (AskTimeoutException)
        {
            return AllUnavailable($"An entity did not answer within {context.AskTimeout.TotalSeconds:0} s; nothing was recorded, retry the batch.");
        }

        // One reservation per identity the batch may record a journey for, with all its journey keys and values.
        var touched = new Dictionary<string, (List<string> Journeys, List<string> Values)>(StringComparer.Ordinal);
        foreach (var e in examined.Where(e => !e.Refused && !recorded.Contains(e.JourneyKey)))
        {
            foreach (var (identity, _) in e.Trips())
            {
                if (!touched.TryGetValue(identity, out var t))
                {
                    touched[identity] = t = ([], []);
                }

                t.Journeys.Add(e.JourneyKey);
                t.Values.AddRange(e.Values);
            }
        }

        var snapshots = await ReserveAsync(batchKey, touched, ct);
        if (snapshots is null)
        {
            return AllUnavailable("The batch's identities stayed held by other declarations; nothing was recorded, retry the batch.");
        }

        var states = snapshots.ToDictionary(s => s.IdentityKey, IdentityState.FromSnapshot, StringComparer.Ordinal);
        var decision = BatchJudge.Judge(examined, recorded, states, now);
        var judgements = decision.Judgements.ToArray();
        var answers = new Declared[n];
        var toLog = new List<int>();
        var territories = new IReadOnlyList<string>[n];
        for (var i = 0; i < n; i++)
        {
            var key = KeyOf(batch.OperatorId, batch.Declarations[i]);
            var judged = judgements[i];
            if (judged.Recorded)
            {
                toLog.Add(i);
                territories[i] = DeclarationWorkflow.Attribution(context, map, batch.Declarations[i].Journey);
            }
            else if (retried.Remove(key, out var view))
            {
                // A batch sent again (its answer was lost): the journey it recorded is answered as the first time.
                answers[i] = new Declared(key, DeclarationVerdict.Recorded, null, [], view);
            }
            else
            {
                answers[i] = new Declared(key, judged.Verdict, judged.Detail, judged.Violations, null);
            }
        }

        var commits = decision.Trips.ToDictionary(t => t.Key, t => t.Value.Select(x => new IdentityMessages.BatchTrip(x.Trip, x.Values)).ToList(), StringComparer.Ordinal);
        if (toLog.Count == 0)
        {
            await CommitAsync(batchKey, touched.Keys, commits, ct);
            return answers;
        }

        // Each leaf sealed (v2, docs/proofs.md "Log leaves") with a fresh salt of its own; the log stores every
        // opening before the one append, so no sealed leaf of the batch is ever in the log without its opening.
        var sealedLeaves = toLog.Select(i => new LoggedJourney(judgements[i].Commitment!, SealedLeaf.NewSalt())).ToArray();
        object appended;
        try
        {
            appended = await log.Ask<object>(new LogMessages.Append([.. sealedLeaves.Select(l => l.LeafBytes())],
                [.. toLog.Select(i => Mobility.CarpoolProof.Territories.TerritoryMap.Join(territories[i]))],
                [.. sealedLeaves.Select(l => l.Opening!.ToBytes())]), context.AskTimeout, ct);
        }
        catch (AskTimeoutException e)
        {
            appended = new LogMessages.Failed(LogFailure.Unavailable, e.Message);
        }

        if (appended is not LogMessages.Appended a || !DeclarationWorkflow.SignedBy(context, a.Checkpoint))
        {
            Release(batchKey, touched.Keys);
            var reason = appended switch
            {
                LogMessages.Failed f => "The transparency log did not append: " + f.Reason,
                LogMessages.Appended => "Platform keys differ: the log singleton's node signs with another platform key than this node; copy one carpool/platform.key to every node.",
                _ => "unexpected log answer",
            };
            foreach (var i in toLog)
            {
                answers[i] = Unavailable(KeyOf(batch.OperatorId, batch.Declarations[i]), reason + " Retry the batch: a journey the log holds is adopted, never logged twice.");
            }

            return answers;
        }

        // Attestations signed in parallel; a leaf the log already held stands for its journey only if it commits to the same declaration.
        var accepted = new CarpoolEvents.JourneyAccepted?[toLog.Count];
        await Task.Run(() => Parallel.For(0, toLog.Count, k =>
        {
            var i = toLog[k];
            var d = batch.Declarations[i];
            var judged = judgements[i];
            var logged = sealedLeaves[k];
            var leaf = logged.LeafBytes();
            if (a.Existing?[k] is { } storedBase64)
            {
                // The log already holds this journey (an earlier attempt's leaf): read through its stored opening.
                var stored = Convert.FromBase64String(storedBase64);
                var openingBase64 = a.ExistingOpenings?.ElementAtOrDefault(k);
                var opening = openingBase64 is null ? null : LeafOpening.FromBytes(Convert.FromBase64String(openingBase64));
                if (ReadLeaf.Of(stored, opening).Journey is not { } earlier || earlier.DeclarationSha256 != logged.Body.DeclarationSha256)
                {
                    answers[i] = new Declared(KeyOf(batch.OperatorId, d), DeclarationVerdict.AlreadyRecorded,
                        $"operator_journey_id {d.Journey.OperatorJourneyId} is already committed in the log (leaf {a.Indices[k]}) for another declaration.",
                        [new(RuleLabel.DuplicateJourney, RuleSeverity.Conflict, "operator_journey_id already committed in the log")], null);
                    return;
                }

                judged = JourneyDecider.Adopt(judged, earlier);
                logged = new LoggedJourney(earlier, opening?.Salt, SealedLeaf.Parse(stored)?.Territories);
                leaf = stored;
                judgements[i] = judged;
            }

            accepted[k] = DeclarationWorkflow.Accept(context, d, logged, judged.Rules, examined[i].Values, leaf, a.Indices[k], a.TreeSize, a.Proofs[k], a.Checkpoint,
                DeclarationJson.SerializeToUtf8(d), signedInBatch: true, territories[i], now);
        }), ct);

        // A journey refused after the append (another declaration's leaf) is not committed to its identities.
        var conflicting = toLog.Where((_, k) => accepted[k] is null).Select(i => examined[i].JourneyKey).ToHashSet(StringComparer.Ordinal);
        foreach (var list in commits.Values)
        {
            list.RemoveAll(t => conflicting.Contains(t.Trip.JourneyKey));
        }

        // One write per entity, all at once: each journey's acceptance, each identity's journeys of the batch.
        var identitiesDone = CommitAsync(batchKey, touched.Keys, commits, ct);
        var persisted = await Bounded(toLog.Select((i, k) => (i, k)).ToList(), async item =>
        {
            var (i, k) = item;
            if (accepted[k] is not { } acc)
            {
                return (i, (Declared?)null);
            }

            try
            {
                return (i, await journeys.Ask<Declared>(new Record(acc.Journey.OperatorId + "/" + acc.Journey.OperatorJourneyId, acc), context.AskTimeout, ct));
            }
            catch (AskTimeoutException)
            {
                return (i, Unavailable(KeyOf(batch.OperatorId, batch.Declarations[i]),
                    $"The journey was logged but not stored within {context.AskTimeout.TotalSeconds:0} s; retry the batch: it adopts the logged leaf."));
            }
        }, ct);
        await identitiesDone;

        foreach (var (i, reply) in persisted)
        {
            if (reply is null)
            {
                continue; // Answered above (committed in the log for another declaration).
            }

            var judged = judgements[i];
            answers[i] = reply.Verdict == DeclarationVerdict.Recorded ? reply with { Violations = judged.Violations } : reply;
            if (reply.Verdict == DeclarationVerdict.Recorded)
            {
                // Fraud found now also indicts the earlier journey it collides with: flag it (its own leaf revokes it).
                foreach (var (other, label) in judged.Indicted)
                {
                    journeys.Tell(new Flag(other, JourneyStatus.FraudError, label, Withdraw: false));
                }
            }
        }

        return answers;
    }

    /// <summary>
    /// Holds every identity of the batch, each answering a snapshot. Batches of this node ask one at a time; a batch
    /// that does not get them all within the ask timeout (the identities may be held by a journey that waits for one
    /// this batch holds) lets go of all and tries again. Null when it never got them all.
    /// </summary>
    private async Task<IReadOnlyList<IdentitySnapshot>?> ReserveAsync(string batchKey, Dictionary<string, (List<string> Journeys, List<string> Values)> touched,
        CancellationToken ct)
    {
        if (touched.Count == 0)
        {
            return [];
        }

        await context.BatchReservations.WaitAsync(ct);
        try
        {
            for (var attempt = 0; attempt < ReservationAttempts; attempt++)
            {
                try
                {
                    var replies = await Bounded(touched.ToList(), t => identities.Ask<IdentityMessages.BatchReserved>(
                        new IdentityMessages.ReserveBatch(t.Key, batchKey, t.Value.Journeys, [.. t.Value.Values.Distinct(StringComparer.Ordinal)]), context.AskTimeout, ct), ct);
                    return [.. replies.Select(r => r.Snapshot)];
                }
                catch (AskTimeoutException)
                {
                    Release(batchKey, touched.Keys);
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(50, 250) * (attempt + 1)), ct);
                }
            }

            return null;
        }
        finally
        {
            context.BatchReservations.Release();
        }
    }

    /// <summary>Each identity's journeys of the batch in one write; identities with none are released.</summary>
    private async Task CommitAsync(string batchKey, IEnumerable<string> reserved, Dictionary<string, List<IdentityMessages.BatchTrip>> commits, CancellationToken ct)
    {
        try
        {
            await Bounded(reserved.ToList(), identity => identities.Ask<IdentityMessages.BatchCommitted>(
                new IdentityMessages.CommitBatch(identity, batchKey, commits.TryGetValue(identity, out var trips) ? trips : []), context.AskTimeout, ct), ct);
        }
        catch (AskTimeoutException)
        {
            // A journey that persisted re-commits its identities when it next starts (JourneyActor's recovery); a hold
            // left behind expires after the reservation hold.
        }
    }

    private void Release(string batchKey, IEnumerable<string> reserved)
    {
        foreach (var identity in reserved)
        {
            identities.Tell(new IdentityMessages.Release(identity, batchKey));
        }
    }

    /// <summary>The operator's key (cached) and every device key the batch names, each looked up once.</summary>
    private async Task<KeyDirectory> KeysAsync(DeclarationBatch batch, CancellationToken ct)
    {
        var keys = new KeyDirectory();
        BoundKeys.RegisterOperator(keys, batch.OperatorId, await BoundKeys.Lookup(context, bindings, "operator:" + batch.OperatorId));
        var devices = batch.Declarations.SelectMany(BoundKeys.DevicesOf).Distinct(StringComparer.Ordinal).ToArray();
        var identitiesOf = new string?[devices.Length];
        await Parallel.ForAsync(0, devices.Length, new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = ct },
            async (k, _) => identitiesOf[k] = await BoundKeys.IdentityOf(context, bindings, batch.OperatorId, devices[k]));
        for (var k = 0; k < devices.Length; k++)
        {
            BoundKeys.RegisterDevice(keys, devices[k], identitiesOf[k]);
        }

        return keys;
    }

    /// <summary>Each item's answer, at most <see cref="InFlight"/> asked at once; the first failure is thrown.</summary>
    private static async Task<TOut[]> Bounded<TIn, TOut>(IReadOnlyList<TIn> items, Func<TIn, Task<TOut>> ask, CancellationToken ct)
    {
        var answers = new TOut[items.Count];
        await Parallel.ForAsync(0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = ct },
            async (i, _) => answers[i] = await ask(items[i]));
        return answers;
    }

    private static string KeyOf(string operatorId, SignedDeclaration d) => operatorId + "/" + d.Journey?.OperatorJourneyId;

    /// <summary>The journey a stored leaf commits to: a v1 leaf shows it, a sealed one through its opening (base64), else null.</summary>
    private static JourneyCommitment? Commitment(byte[] leaf, string? opening) =>
        ReadLeaf.Of(leaf, opening is null ? null : LeafOpening.FromBytes(Convert.FromBase64String(opening))).Journey;

    private static Declared Unavailable(string key, string detail) => new(key, DeclarationVerdict.Unavailable, detail, [], null);
}
