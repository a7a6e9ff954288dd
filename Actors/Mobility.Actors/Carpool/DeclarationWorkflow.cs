using Akka.Actor;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Grading;
using Mobility.CarpoolProof.Identity;
using Mobility.CarpoolProof.Pipeline;
using Mobility.CarpoolProof.Rules;
using Mobility.CarpoolProof.Rules.CrossOperator;

namespace Mobility.Actors.Carpool;

/// <summary>
/// The proof pipeline of one declaration across entities: parse, validate, verify every signature against the
/// bound keys, grade, declaration rules, plausibility; then reserve each identity (ordinal key order), apply the
/// cross-operator rules they answer, append the commitment to the log and sign the attestation. Runs outside the
/// journey actor (which persists the result); on any refusal or failure the reservations are released.
/// </summary>
public sealed class DeclarationWorkflow(CarpoolContext context, IActorRef identities, IActorRef bindings, IActorRef log)
{
    /// <summary>What the workflow decided: a refusal, or an accepted journey ready to persist.</summary>
    /// <see cref="ForCampaigns"/>: what the campaigns count once the acceptance is persisted (see <see cref="Campaigns.CampaignFeed"/>).
    public sealed record Outcome(JourneyMessages.Declared Reply, CarpoolEvents.JourneyAccepted? Accepted, IReadOnlyList<RuleViolation> Violations, Mobility.CarpoolProof.Campaigns.Engine.CampaignJourney? ForCampaigns = null);

    public async Task<Outcome> RunAsync(JourneyMessages.Declare command)
    {
        var now = context.Time.GetUtcNow();
        SignedDeclaration d;
        try
        {
            d = DeclarationJson.Parse(command.Body);
        }
        catch (DeclarationFormatException e)
        {
            return Refuse(command.JourneyKey, [new(RuleLabel.ValidationError, RuleSeverity.Invalid, e.Message)]);
        }

        var errors = DeclarationValidator.Validate(d);
        if (errors.Count > 0)
        {
            return Refuse(command.JourneyKey, [new(RuleLabel.ValidationError, RuleSeverity.Invalid, string.Join("; ", errors))]);
        }

        var key = d.OperatorId + "/" + d.Journey.OperatorJourneyId;
        if (key != command.JourneyKey)
        {
            return Refuse(command.JourneyKey, [new(RuleLabel.ValidationError, RuleSeverity.Invalid, $"the body declares {key}")]);
        }

        var check = EvidenceVerifier.Verify(d, await KeysFor(d), command.SignedInBatch);
        if (!check.Ok)
        {
            return Refuse(key, [new(check.Failure!, RuleSeverity.Invalid, check.FailureDetail ?? check.Failure!)]);
        }

        var grade = ProofGrader.Grade(d, check);
        var violations = DeclarationRules.Check(d.Journey, now);
        if (violations.Any(v => v.Severity is RuleSeverity.Invalid or RuleSeverity.Terms))
        {
            return Refuse(key, violations);
        }

        if (PlausibilityRule.Check(d.Journey, context.Router) is { Count: > 0 } implausible)
        {
            violations.Add(new(RuleLabel.DistanceDurationAnomaly, RuleSeverity.Anomaly, string.Join("; ", implausible)));
        }

        var j = d.Journey;
        var driverKey = j.Driver.Identity.IdentityKey;
        var passengerKey = j.Passenger.Identity.IdentityKey;
        var driverTrip = new TripFacts(key, d.OperatorId, j.OperatorTripId, OccupantRole.Driver, passengerKey, j.Start.Datetime, j.End.Datetime, grade.Class.ToString());
        var passengerTrip = driverTrip with { Role = OccupantRole.Passenger, Counterpart = driverKey };
        var values = d.Evidence.Pickups.Select(p => ReplayGuard.ChallengeKind + ":" + p.Challenge)
            .Concat(d.Evidence.Dropoffs.Select(x => ReplayGuard.NonceKind + ":" + x.Nonce)).Distinct(StringComparer.Ordinal).ToArray();
        var trips = new List<(string Identity, TripFacts Trip)> { (driverKey, driverTrip) };
        if (passengerKey != driverKey)
        {
            trips.Add((passengerKey, passengerTrip));
        }

        trips.Sort((a, b) => string.CompareOrdinal(a.Identity, b.Identity)); // Fixed order: no two journeys wait on each other.
        var reserved = new List<string>(2);
        try
        {
            foreach (var (identity, trip) in trips)
            {
                var answer = await identities.Ask<IdentityMessages.Reserved>(new IdentityMessages.Reserve(identity, trip, values), context.AskTimeout);
                reserved.Add(identity);
                if (answer.Replays.Count > 0)
                {
                    Release(key, reserved);
                    return Refuse(key, [new(RuleLabel.ReplayedStatement, RuleSeverity.Invalid, string.Join("; ", answer.Replays))]);
                }

                foreach (var v in answer.Violations)
                {
                    if (!violations.Exists(x => x.Label == v.Label && x.OtherJourney == v.OtherJourney))
                    {
                        violations.Add(v);
                    }
                }
            }

            if (violations.Any(v => v.Severity == RuleSeverity.Terms))
            {
                Release(key, reserved);
                return Refuse(key, violations);
            }

            var status = violations.Any(v => v.Severity == RuleSeverity.Fraud) ? JourneyStatus.FraudError
                : violations.Any(v => v.Severity == RuleSeverity.Anomaly) ? JourneyStatus.AnomalyError
                : JourneyStatus.Ok;
            var labels = violations.Where(v => v.AppliesHere).Select(v => v.Label).Distinct().Order(StringComparer.Ordinal).ToArray();
            var commitment = new JourneyCommitment(d.OperatorId, j.OperatorJourneyId, check.DeclarationMessage is { } signed ? JourneyCommitment.HashSigningMessage(signed) : JourneyCommitment.HashDeclaration(d),
                grade.Class.ToString(), status, labels, j.Start.Datetime, UtcTimestamp.Truncate(now));
            var leaf = commitment.LeafBytes();
            var appended = await log.Ask<object>(new LogMessages.Append([leaf]), context.AskTimeout);
            if (appended is not LogMessages.Appended a)
            {
                Release(key, reserved);
                var reason = appended is LogMessages.Failed f ? f.Reason : "unexpected log answer";
                return new Outcome(new JourneyMessages.Declared(key, 503, "Log unavailable", reason, [], null), null, []);
            }

            if (a.Existing?[0] is { } storedBase64)
            {
                // The log already commits to this journey: an earlier attempt appended it, then its node crashed
                // before the journey persisted. The same signed declaration adopts that leaf; another one cannot.
                var stored = Convert.FromBase64String(storedBase64);
                var earlier = System.Text.Json.Nodes.JsonNode.Parse(stored) is System.Text.Json.Nodes.JsonObject o ? JourneyCommitment.FromJson(o) : null;
                if (earlier is null || earlier.DeclarationSha256 != commitment.DeclarationSha256)
                {
                    Release(key, reserved);
                    return Refuse409(key, $"operator_journey_id {j.OperatorJourneyId} is already committed in the log (leaf {a.Indices[0]}) for another declaration.");
                }

                commitment = earlier;
                leaf = stored;
                status = earlier.Status;
                labels = [.. earlier.Labels];
                violations = [.. violations.Where(v => labels.Contains(v.Label))];
            }

            if (!SignedBySameKey(a.Checkpoint))
            {
                // The checkpoint and the attestation would be signed by different keys: no verifier could check both.
                Release(key, reserved);
                return new Outcome(new JourneyMessages.Declared(key, 503, "Platform keys differ",
                    "The log singleton's node signs with another platform key than this node; copy one carpool/platform.key to every node.", [], null), null, []);
            }

            var rules = ProofPipeline.EvaluatedRules.Select(label => new RuleResult(label, !labels.Contains(label))).ToList();
            var index = a.Indices[0];
            var proof = a.Proofs[0].Select(Convert.FromBase64String).ToArray();
            var attestation = AttestationIssuer.IssueText(commitment, rules, index, a.TreeSize, proof, a.Checkpoint, context.Platform,
                new AttestationIssuer.ProofConfiguration(context.Platform, now));
            var view = new JourneyView(d.OperatorId, j.OperatorJourneyId, j.OperatorTripId, status, commitment.ProofClass, labels, rules,
                j.Start.Datetime, j.End.Datetime, commitment.AcceptedAt, index, attestation, null, null);
            var forCampaigns = Campaigns.CampaignFeed.FromDeclaration(d.OperatorId, j, commitment.ProofClass, status, index);
            var accepted = new CarpoolEvents.JourneyAccepted(view, driverKey, passengerKey, values, Convert.ToBase64String(leaf), forCampaigns, command.Body, command.SignedInBatch);
            return new Outcome(new JourneyMessages.Declared(key, 201, "Recorded", null, violations, view), accepted, violations, forCampaigns);
        }
        catch (AskTimeoutException)
        {
            Release(key, reserved);
            return new Outcome(new JourneyMessages.Declared(key, 503, "Entity unavailable", $"No answer within {context.AskTimeout.TotalSeconds:0} s; retry later.", [], null), null, []);
        }
    }

    private bool SignedBySameKey(string note)
    {
        try
        {
            Mobility.CarpoolProof.Log.Notes.Checkpoint.Open(note, context.Data.Signer.Verifier);
            return true;
        }
        catch (Mobility.CarpoolProof.Log.Notes.NoteException)
        {
            return false;
        }
    }

    private void Release(string journeyKey, List<string> reserved)
    {
        foreach (var identity in reserved)
        {
            identities.Tell(new IdentityMessages.Release(identity, journeyKey));
        }
    }

    /// <summary>A directory holding just the keys this declaration names, looked up in the binding entities.</summary>
    private async Task<KeyDirectory> KeysFor(SignedDeclaration d)
    {
        var keys = new KeyDirectory();
        if (await Lookup("operator:" + d.OperatorId) is { } operatorKey && Base64Url.TryDecode(operatorKey, 32, out var raw))
        {
            keys.RegisterOperator(d.OperatorId, raw);
        }

        var devices = d.Evidence.Pickups.SelectMany(p => new[] { p.DeviceKey, p.PeerDeviceKey }).Concat(d.Evidence.Dropoffs.Select(x => x.DeviceKey))
            .Where(k => k is { Length: > 0 and <= 64 }).Distinct(StringComparer.Ordinal).Take(8);
        foreach (var device in devices)
        {
            if ((await Lookup(KeyBindingSubjects.Device(d.OperatorId, device)) ?? await Lookup(KeyBindingSubjects.LegacyDevice(device))) is { } identity
                && Base64Url.TryDecode(device, 32, out var deviceRaw))
            {
                try
                {
                    keys.RegisterDevice(new IdentityKey(identity), deviceRaw);
                }
                catch (ArgumentException)
                {
                    // Not an Ed25519 point: left unregistered, the verifier reports the unknown key.
                }
            }
        }

        return keys;
    }

    private async Task<string?> Lookup(string subject)
    {
        if (context.Bindings.TryGetValue(subject, out var cached))
        {
            return cached;
        }

        var binding = await bindings.Ask<KeyBindingMessages.Binding>(new KeyBindingMessages.Get(subject), context.AskTimeout);

        // Only operator signing keys are bound for ever; a device binding can be revoked (on any node), so it is asked
        // each time rather than cached.
        if (binding.Value is not null && subject.StartsWith("operator:", StringComparison.Ordinal))
        {
            context.Bindings.TryAdd(subject, binding.Value);
        }

        return binding.Value;
    }

    private static Outcome Refuse409(string key, string detail) =>
        new(new JourneyMessages.Declared(key, 409, "Already recorded", detail,
            [new(RuleLabel.DuplicateJourney, RuleSeverity.Conflict, "operator_journey_id already committed in the log")], null), null, []);

    private static Outcome Refuse(string key, IReadOnlyList<RuleViolation> violations)
    {
        var outcome = new DeclarationOutcome("", "", OutcomeKind.Refused, null, null, violations, [], null, null);
        var status = outcome.HttpStatus;
        var title = status switch
        {
            401 => "Signature not valid",
            422 => "Terms violation",
            _ => "Declaration not valid",
        };
        return new Outcome(new JourneyMessages.Declared(key, status, title, string.Join("; ", violations.Select(v => v.Label + ": " + v.Detail)), violations, null), null, violations);
    }
}
