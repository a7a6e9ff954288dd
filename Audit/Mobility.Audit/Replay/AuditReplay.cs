using System.Text.Json;
using Mobility.Audit.Export;
using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Geography;
using Mobility.CarpoolProof.Campaigns.Language;
using Mobility.CarpoolProof.Campaigns.Settlement;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Decision;
using Mobility.CarpoolProof.Identity;
using Mobility.CarpoolProof.Pipeline;
using Mobility.CarpoolProof.Rules;
using Mobility.CarpoolProof.Rules.CrossOperator;
using CampaignStatus = Mobility.CarpoolProof.Campaigns.Engine.JourneyStatus;
using PipelineStatus = Mobility.CarpoolProof.Pipeline.JourneyStatus;

namespace Mobility.Audit.Replay;

/// <summary>One thing the platform decided that the replay decides otherwise.</summary>
/// <param name="Subject">What it is about: "operator/journey" or "campaign ID", "campaign ID operator OP month M".</param>
/// <param name="What">The decision: proof_class, labels, status, declaration, counted, amount, settlement, document.</param>
public sealed record Difference(string Subject, string What, string Platform, string Replayed)
{
    public override string ToString() => $"{Subject}: {What}: platform {Platform}, replay {Replayed}";
}

/// <summary>What a replay found.</summary>
public sealed record ReplayReport(int Journeys, int Campaigns, int Settlements, IReadOnlyList<Difference> Differences);

/// <summary>
/// Re-decides everything the platform decided, from an export and the published documents only: every journey's
/// proof class, rule labels and status from the declaration its operator sent (signatures checked against the keys
/// bound when it was accepted), and every campaign's amounts and anchored settlements from those journeys and the
/// published campaign documents. It calls the proof library's public deciding functions (evidence verification,
/// grading, declaration rules, cross-journey rules, campaign engine, settlement builder), the same the platform runs,
/// and reads the platform's decisions from the log, whose root the platform signed; it never trusts the node's
/// database for a decision. docs/audit.md "Replay" lists what it cannot re-decide and why.
/// </summary>
public static class AuditReplay
{
    /// <summary>Labels the replay cannot re-decide offline: the plausibility rule asks the platform's street router.</summary>
    public static readonly IReadOnlySet<string> NotReplayed = new HashSet<string>(StringComparer.Ordinal) { RuleLabel.DistanceDurationAnomaly };

    private static readonly HashSet<string> CascadeReasons = new(StringComparer.Ordinal)
    {
        RuleLabel.InteroperatorOverlap, RuleLabel.InteroperatorTooManyTripsByDay, RuleLabel.InteroperatorTooCloseTrips,
    };

    public static ReplayReport Run(ExportSet export, IReadOnlyList<(string File, byte[] Bytes)> publishedCampaigns)
    {
        var differences = new List<Difference>();
        var signedInBatches = BatchSignatures(export, differences);
        var replayed = ReplayJourneys(export, signedInBatches, differences);
        var settlements = 0;
        foreach (var (campaign, stored) in export.Campaigns)
        {
            settlements += ReplayCampaign(campaign, stored, publishedCampaigns, replayed, export.Leaves, differences);
        }

        return new ReplayReport(export.Journeys.Count, export.Campaigns.Count, settlements, differences);
    }

    /// <summary>A journey as the replay decided it, in the campaign engine's shape.</summary>
    private sealed record Replayed(string Key, CampaignJourney? ForCampaigns, DateTimeOffset AcceptedAt);

    /// <summary>
    /// Checks each operator's batch signature over the declarations its manifest lists (with the operator's key as
    /// bound), and answers the declaration hashes each operator did sign this way. A manifest whose signature fails
    /// is a difference, and its hashes cover no journey.
    /// </summary>
    private static Dictionary<string, HashSet<string>> BatchSignatures(ExportSet export, List<Difference> differences)
    {
        var signed = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (batch, n) in export.Batches.Select((b, n) => (b, n + 1)))
        {
            var keys = new KeyDirectory();
            if (export.Bindings.LastOrDefault(b => b.Bound && b.Subject == "operator:" + batch.OperatorId) is { } op && Base64Url.TryDecode(op.Value, 32, out var raw))
            {
                keys.RegisterOperator(batch.OperatorId, raw);
            }

            if (EvidenceVerifier.VerifyBatch(batch.OperatorId, batch.Signature, batch.DeclarationHashes, keys) is { } failure)
            {
                differences.Add(new($"batch {n} of {batch.OperatorId} ({batch.DeclarationHashes.Count} declarations)", "batch_signature", "accepted",
                    $"refused ({failure.Label}): {failure.Detail}"));
                continue;
            }

            if (!signed.TryGetValue(batch.OperatorId, out var hashes))
            {
                signed[batch.OperatorId] = hashes = new HashSet<string>(StringComparer.Ordinal);
            }

            hashes.UnionWith(batch.DeclarationHashes);
        }

        return signed;
    }

    private static Dictionary<string, Replayed> ReplayJourneys(ExportSet export, Dictionary<string, HashSet<string>> signedInBatches, List<Difference> differences)
    {
        var byLeaf = export.Journeys.ToDictionary(j => j.LeafIndex);
        var identities = new Dictionary<string, IdentityState>(StringComparer.Ordinal);
        var journeyLeafHashes = new Dictionary<string, string>(StringComparer.Ordinal); // leaf hash -> journey key
        var replayed = new Dictionary<string, Replayed>(StringComparer.Ordinal);
        var facts = new Dictionary<string, List<(string Identity, TripFacts Trip)>>(StringComparer.Ordinal);
        var indicted = new List<(string Journey, string By)>();
        var flagged = new HashSet<string>(StringComparer.Ordinal);
        var committed = new HashSet<long>();

        // Leaves in log order: the order the platform committed them, which is the order each identity saw its journeys.
        for (var i = 0; i < export.Leaves.Count; i++)
        {
            var leaf = export.Leaves[i];
            var read = ReadLeaf.Of(leaf, export.Openings?.GetValueOrDefault(i));
            if (read.Sealed is not null && read.Journey is null && read.Status is null)
            {
                // A sealed leaf the export cannot open: its decision is hidden from the replay.
                differences.Add(new($"leaf {i}", "opening", $"sealed {read.Sealed.Type} leaf", $"not opened by {ExportFiles.Openings} (no opening, or one that does not hash to the leaf)"));
                continue;
            }

            if (read.Status is { } change)
            {
                if (!journeyLeafHashes.TryGetValue(change.JourneyLeafHash, out var key))
                {
                    continue;
                }

                flagged.Add(key);
                if (replayed.TryGetValue(key, out var r) && r.ForCampaigns is { } cj)
                {
                    replayed[key] = r with { ForCampaigns = cj with { Status = change.Status == PipelineStatus.Canceled ? CampaignStatus.Cancelled : CampaignStatus.Flagged } };
                }

                // A cancellation or the authority's flag takes the journey out of its identities' counts; the automatic
                // flag of a journey indicted by stronger evidence (its reason is the rule's label) leaves it counted.
                if (!CascadeReasons.Contains(change.Reason) && facts.TryGetValue(key, out var trips))
                {
                    foreach (var (identity, _) in trips)
                    {
                        identities[identity].Apply(new IdentityEvents.TripRevoked(identity, key, change.Reason));
                    }
                }

                continue;
            }

            if (read.Journey is not { } commitment)
            {
                continue; // A settlement or clearing anchor: checked with its campaign.
            }

            var journeyKey = commitment.OperatorId + "/" + commitment.OperatorJourneyId;
            journeyLeafHashes[StatusChange.LeafHash(leaf)] = journeyKey;
            committed.Add(i);
            if (!byLeaf.TryGetValue(i, out var exported))
            {
                differences.Add(new(journeyKey, "declaration", $"committed at leaf {i}", "not in journeys.jsonl: nothing to open the commitment with"));
                continue;
            }

            if (exported.OperatorId != commitment.OperatorId || exported.OperatorJourneyId != commitment.OperatorJourneyId)
            {
                differences.Add(new(journeyKey, "declaration", $"leaf {i} commits to {journeyKey}", $"journeys.jsonl names {exported.OperatorId}/{exported.OperatorJourneyId} there"));
                continue;
            }

            // A declaration without its own signature stands only on a batch signature that verifies and lists it.
            if (exported.SignedInBatch && !(signedInBatches.TryGetValue(commitment.OperatorId, out var covered) && covered.Contains(commitment.DeclarationSha256)))
            {
                differences.Add(new(journeyKey, "batch_signature", "signed in an operator's batch",
                    $"no batch manifest of {commitment.OperatorId} with a valid signature lists declaration {commitment.DeclarationSha256}"));
            }

            var decided = Decide(exported, commitment, export.Bindings, identities, differences);
            if (decided is null)
            {
                continue;
            }

            facts[journeyKey] = [.. decided.Value.Trips];
            foreach (var (identity, trip) in decided.Value.Trips)
            {
                // Recorded as the platform records it: the trip, and its evidence values bound to the identity (replays).
                var state = identities[identity];
                foreach (var e in state.Process(new IdentityCommands.Record(identity, trip, decided.Value.Values)))
                {
                    state.Apply(e);
                }
            }

            indicted.AddRange(decided.Value.Indicts.Select(other => (other, journeyKey)));
            replayed[journeyKey] = new Replayed(journeyKey, decided.Value.ForCampaigns, commitment.AcceptedAt);
        }

        foreach (var j in export.Journeys.Where(j => !committed.Contains(j.LeafIndex)))
        {
            differences.Add(new($"{j.OperatorId}/{j.OperatorJourneyId}", "declaration", $"listed at leaf {j.LeafIndex}", "that leaf commits to no journey"));
        }

        // Stronger evidence indicts a weaker overlapping journey: the platform must have flagged it in the log.
        foreach (var (journey, by) in indicted.Where(x => !flagged.Contains(x.Journey)).DistinctBy(x => x.Journey))
        {
            differences.Add(new(journey, "status", "never flagged", $"flagged (overlaps {by}, whose evidence is stronger)"));
        }

        return replayed;
    }

    /// <summary>
    /// Re-decides one logged journey with the library's <see cref="JourneyDecider"/>, the code the platform runs:
    /// <see cref="JourneyDecider.Examine"/> at the acceptance time against the keys bound then, each identity's answer
    /// from the journeys before it in the log, <see cref="JourneyDecider.Judge"/>; then compares with the leaf.
    /// </summary>
    private static (IReadOnlyList<(string Identity, TripFacts Trip)> Trips, IReadOnlyList<string> Values, CampaignJourney ForCampaigns, List<string> Indicts)? Decide(
        ExportedJourney exported, JourneyCommitment commitment, IReadOnlyList<ExportedBinding> bindings,
        Dictionary<string, IdentityState> identities, List<Difference> differences)
    {
        var key = commitment.OperatorId + "/" + commitment.OperatorJourneyId;
        if (exported.Declaration is not { } json)
        {
            differences.Add(new(key, "declaration", $"class {commitment.ProofClass}, status {commitment.Status}", "cannot re-decide: the node kept no declaration for it (accepted before declarations were kept)"));
            return null;
        }

        SignedDeclaration d;
        try
        {
            d = DeclarationJson.Parse(JsonSerializer.SerializeToUtf8Bytes(json));
        }
        catch (DeclarationFormatException e)
        {
            differences.Add(new(key, "declaration", "accepted", "refused: " + e.Message));
            return null;
        }

        var hash = JourneyCommitment.HashDeclaration(d);
        if (hash != commitment.DeclarationSha256)
        {
            differences.Add(new(key, "declaration", $"commits to declaration {commitment.DeclarationSha256}", $"the exported declaration hashes to {hash}"));
            return null;
        }

        // The plausibility rule asks the platform's street router, which the verifier does not carry: no route, not evaluated.
        var examined = JourneyDecider.Examine(d, KeysAt(d, bindings), NoRouter.Instance, commitment.AcceptedAt, exported.SignedInBatch);
        if (examined.Refused)
        {
            var v = examined.Violations[0];
            differences.Add(new(key, "status", commitment.Status, $"refused ({v.Label}): {v.Detail}"));
            return null;
        }

        var proofClass = examined.Grade!.Class.ToString();
        if (proofClass != commitment.ProofClass)
        {
            differences.Add(new(key, "proof_class", commitment.ProofClass, proofClass));
        }

        var trips = examined.Trips();
        var answers = trips.Select(t => (identities.TryGetValue(t.Identity, out var state) ? state : identities[t.Identity] = new IdentityState(t.Identity))
            .Answer(t.Trip, examined.Values)).ToList();
        var judged = JourneyDecider.Judge(examined, answers, commitment.AcceptedAt);
        if (!judged.Recorded)
        {
            differences.Add(new(key, "status", commitment.Status, $"refused ({judged.Violations[0].Label}): {judged.Detail}"));
            return null;
        }

        // Labels the replay cannot decide are taken as the platform decided them, so that the status still compares.
        var labels = judged.Labels.Concat(commitment.Labels.Where(NotReplayed.Contains)).Distinct().Order(StringComparer.Ordinal).ToArray();
        var platformLabels = commitment.Labels.Order(StringComparer.Ordinal).ToArray();
        if (!labels.SequenceEqual(platformLabels))
        {
            differences.Add(new(key, "labels", Show(platformLabels), Show(labels)));
        }

        var status = judged.Status!;
        if (status == PipelineStatus.Ok && commitment.Labels.Any(NotReplayed.Contains))
        {
            status = PipelineStatus.AnomalyError;
        }

        if (status != commitment.Status)
        {
            differences.Add(new(key, "status", commitment.Status, status));
        }

        var indicts = judged.Violations.Where(v => v.Severity == RuleSeverity.Indicts && v.OtherJourney is not null).Select(v => v.OtherJourney!).ToList();
        return (trips, examined.Values, ForCampaigns(d, proofClass, status, exported.LeafIndex), indicts);
    }

    /// <summary>No street router offline: every estimate is "no route", so the plausibility rule is not evaluated.</summary>
    private sealed class NoRouter : IRouteEstimator
    {
        public static readonly NoRouter Instance = new();

        public RouteEstimate? Estimate(double fromLat, double fromLon, double toLat, double toLon, DateTimeOffset departure) => null;
    }

    /// <summary>
    /// The keys a declaration is checked against, from the bindings: the operator's signing key, and each device key
    /// it names bound to an identity by this operator (or before devices were per operator). Bindings carry no time,
    /// so a device bound to several identities over the export's history is checked against the one the declaration
    /// names when it was ever bound to it.
    /// </summary>
    private static KeyDirectory KeysAt(SignedDeclaration d, IReadOnlyList<ExportedBinding> bindings)
    {
        var keys = new KeyDirectory();
        if (bindings.LastOrDefault(b => b.Bound && b.Subject == "operator:" + d.OperatorId) is { } op && Base64Url.TryDecode(op.Value, 32, out var raw))
        {
            keys.RegisterOperator(d.OperatorId, raw);
        }

        var named = new[] { d.Journey.Driver.Identity.IdentityKey, d.Journey.Passenger.Identity.IdentityKey };
        var devices = d.Evidence.Pickups.SelectMany(p => new[] { p.DeviceKey, p.PeerDeviceKey }).Concat(d.Evidence.Dropoffs.Select(x => x.DeviceKey))
            .Where(k => k is { Length: > 0 and <= 64 }).Distinct(StringComparer.Ordinal);
        foreach (var device in devices)
        {
            var candidates = bindings.Where(b => b.Bound && (b.Subject == "device:" + d.OperatorId + ":" + device || b.Subject == "device:" + device))
                .Select(b => b.Value).Distinct(StringComparer.Ordinal).ToList();
            var identity = candidates.FirstOrDefault(named.Contains) ?? candidates.LastOrDefault();
            if (identity is not null && Base64Url.TryDecode(device, 32, out var deviceRaw))
            {
                try
                {
                    keys.RegisterDevice(new IdentityKey(identity), deviceRaw);
                }
                catch (ArgumentException)
                {
                    // Not an Ed25519 point: left unregistered, the verifier reports the unknown key (as the platform does).
                }
            }
        }

        return keys;
    }

    /// <summary>What the campaigns count of a journey (the platform's mapping, docs/campaigns.md "Journeys from the proof pipeline").</summary>
    public static CampaignJourney ForCampaigns(SignedDeclaration d, string proofClass, string pipelineStatus, long logIndex)
    {
        var j = d.Journey;
        return new CampaignJourney(j.OperatorJourneyId, d.OperatorId, Enum.Parse<Mobility.CarpoolProof.Campaigns.Language.ProofClass>(proofClass),
            j.Start.Datetime, new GeoPoint(j.Start.Lat, j.Start.Lon), j.End.Datetime, new GeoPoint(j.End.Lat, j.End.Lon),
            (int)Math.Clamp(j.Distance, 0, 1_000_000), j.Passenger.Seats, j.Driver.Identity.IdentityKey, j.Passenger.Identity.IdentityKey,
            j.Passenger.Identity.Over18, pipelineStatus == PipelineStatus.Ok ? CampaignStatus.Accepted : CampaignStatus.Flagged, logIndex);
    }

    private static int ReplayCampaign(ExportedCampaign campaign, byte[] stored, IReadOnlyList<(string File, byte[] Bytes)> published,
        Dictionary<string, Replayed> journeys, IReadOnlyList<byte[]> leaves, List<Difference> differences)
    {
        var subject = "campaign " + campaign.Id;
        CampaignDocument platformDocument;
        try
        {
            platformDocument = CampaignParser.Parse(stored);
        }
        catch (CampaignDocumentException e)
        {
            differences.Add(new(subject, "document", "counts under its stored document", "that document does not parse: " + e.Message));
            return 0;
        }

        var match = published.Select(p => (p.File, p.Bytes, Doc: CampaignParser.TryParse(p.Bytes).Document)).FirstOrDefault(p => p.Doc?.Id.Value == campaign.Id);
        if (match.Doc is null)
        {
            differences.Add(new(subject, "document", $"counts under document sha256 {campaign.DocumentSha256}", "no published campaign document has this id"));
            return 0;
        }

        if (match.Doc.Sha256Hex != platformDocument.Sha256Hex)
        {
            differences.Add(new(subject, "document", $"sha256 {platformDocument.Sha256Hex}", $"{match.File} has sha256 {match.Doc.Sha256Hex}"));
        }

        // What should have been counted: every journey accepted before the campaign closed, once it was activated.
        var expected = new Dictionary<string, CampaignJourney>(StringComparer.Ordinal);
        if (campaign.ActivatedAt is not null)
        {
            foreach (var r in journeys.Values.Where(r => r.ForCampaigns is not null && (campaign.ClosedAt is null || r.AcceptedAt < campaign.ClosedAt)))
            {
                expected[r.Key] = r.ForCampaigns!;
            }
        }

        var counted = campaign.Counted.ToDictionary(c => c.OperatorId + "/" + c.JourneyId, StringComparer.Ordinal);
        // The territory attribution cannot be re-decided offline (the registered areas are not in the export): the
        // replay takes it as the platform counted it, and still checks everything else of each counted journey.
        foreach (var key in expected.Keys.ToList())
        {
            if (counted.TryGetValue(key, out var platformCounted))
            {
                expected[key] = expected[key] with { Territories = platformCounted.Territories };
            }
        }

        foreach (var (key, e) in expected)
        {
            if (!counted.TryGetValue(key, out var c))
            {
                differences.Add(new($"{subject} journey {key}", "counted", "not counted", "counted (accepted while the campaign was active)"));
            }
            else if (c != e)
            {
                differences.Add(new($"{subject} journey {key}", "counted", Show(c), Show(e)));
            }
        }

        foreach (var key in counted.Keys.Where(k => !expected.ContainsKey(k)))
        {
            differences.Add(new($"{subject} journey {key}", "counted", "counted", "no such accepted journey before the campaign closed"));
        }

        // Amounts: the platform's engine over what it counted, the replay's over what it re-decided, each journey compared.
        var platform = CampaignEngine.Simulate(platformDocument, campaign.Counted);
        var replay = CampaignEngine.Simulate(match.Doc, expected.Values);
        var platformAmounts = platform.Evaluations.ToDictionary(e => e.Journey.OperatorId + "/" + e.Journey.JourneyId, e => e.TotalCents, StringComparer.Ordinal);
        foreach (var e in replay.Evaluations)
        {
            var key = e.Journey.OperatorId + "/" + e.Journey.JourneyId;
            if (platformAmounts.TryGetValue(key, out var cents) && cents != e.TotalCents)
            {
                differences.Add(new($"{subject} journey {key}", "amount", Cents(cents), Cents(e.TotalCents)));
            }
        }

        // Settlements in force (the latest anchor of each operator and month): the replay's bytes must be the anchored ones.
        var anchored = campaign.Settlements.GroupBy(s => (s.OperatorId, s.Month)).Select(g => g.Last()).ToList();
        foreach (var s in anchored)
        {
            var where = $"{subject} settlement {s.OperatorId} {s.Month}";
            if (!DateOnly.TryParseExact(s.Month + "-01", "yyyy-MM-dd", out var month))
            {
                differences.Add(new(where, "settlement", s.Month, "not a month"));
                continue;
            }

            var mine = SettlementBuilder.Monthly(match.Doc, replay.Evaluations, month).FirstOrDefault(m => m.OperatorId == s.OperatorId);
            var canonical = mine is null ? null : SettlementCsv.CanonicalBytes(mine);
            var sha = canonical is null ? "none (nothing to pay)" : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(canonical));
            if (sha != s.Sha256)
            {
                differences.Add(new(where, "settlement", $"sha256 {s.Sha256}", $"sha256 {sha}"));
            }

            var total = mine?.TotalCents ?? 0;
            if (s.TotalCents is { } t && t != total)
            {
                differences.Add(new(where, "amount", Cents(t), Cents(total)));
            }

            if (s.LogIndex < 0 || s.LogIndex >= leaves.Count || !leaves[(int)s.LogIndex].AsSpan().SequenceEqual(SettlementVerifier.Leaf(canonical ?? [])))
            {
                differences.Add(new(where, "settlement", $"anchored at leaf {s.LogIndex}", "that leaf does not anchor the replayed settlement"));
            }
        }

        return anchored.Count;
    }

    private static string Show(IReadOnlyList<string> labels) => labels.Count == 0 ? "[]" : "[" + string.Join(", ", labels) + "]";

    private static string Show(CampaignJourney j) => JsonSerializer.Serialize(j, ExportJson.Options);

    private static string Cents(long cents) => $"{cents / 100}.{Math.Abs(cents % 100):D2} EUR";
}
