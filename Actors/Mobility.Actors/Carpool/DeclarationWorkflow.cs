using Akka.Actor;
using Mobility.CarpoolProof.Decision;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Identity;
using Mobility.CarpoolProof.Pipeline;
using Mobility.CarpoolProof.Rules;
using Mobility.CarpoolProof.Rules.CrossOperator;

namespace Mobility.Actors.Carpool;

/// <summary>
/// One declaration across entities, decided by <see cref="JourneyDecider"/> (the same code <c>proof bench</c>
/// measures): parse, then <see cref="JourneyDecider.Examine"/> against the keys bound in the binding entities; reserve
/// each identity (ordinal key order), whose answer is its <see cref="IdentityState.Answer"/>;
/// <see cref="JourneyDecider.Judge"/>; append the commitment to the log and sign the attestation. Runs outside the
/// journey actor (which persists the result); on any refusal or failure the reservations are released.
/// </summary>
public sealed class DeclarationWorkflow(CarpoolContext context, IActorRef identities, IActorRef bindings, IActorRef log)
{
    /// <summary>What the workflow decided: a refusal, or an accepted journey ready to persist.</summary>
    /// <see cref="ForCampaigns"/>: what the campaigns count once the acceptance is persisted (see <see cref="Campaigns.CampaignFeed"/>).
    public sealed record Outcome(JourneyMessages.Declared Reply, CarpoolEvents.JourneyAccepted? Accepted, IReadOnlyList<RuleViolation> Violations,
        Mobility.CarpoolProof.Campaigns.Engine.CampaignJourney? ForCampaigns = null, IReadOnlyList<(string JourneyKey, string Label)>? Indicted = null);

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
            return Refuse(command.JourneyKey, JourneyDecider.Unreadable(e.Message).Violations);
        }

        var key = d.OperatorId + "/" + d.Journey?.OperatorJourneyId;
        if (key != command.JourneyKey)
        {
            return Refuse(command.JourneyKey, [new(RuleLabel.ValidationError, RuleSeverity.Invalid, $"the body declares {key}")]);
        }

        var examined = JourneyDecider.Examine(d, await KeysFor(d), context.Router, now, command.SignedInBatch);
        if (examined.Refused)
        {
            return Refuse(key, examined.Violations);
        }

        // Attributed once, here, with the polygons this node holds; persisted with the journey, so that a later edit
        // of a territory never moves it (docs/proofs.md "Territories"). No copy of the registry yet: retry, never guess.
        IReadOnlyList<string> territories;
        try
        {
            territories = Attribution(await context.Territories.MapAsync(), d.Journey!);
        }
        catch (Mobility.Actors.Territories.TerritoriesUnavailableException e)
        {
            return Unavailable(key, e.Message);
        }

        var reserved = new List<string>(2);
        try
        {
            var answers = new List<IdentityAnswer>(2);
            foreach (var (identity, trip) in examined.Trips()) // Ordinal key order: no two journeys wait on each other.
            {
                var answer = await identities.Ask<IdentityMessages.Reserved>(new IdentityMessages.Reserve(identity, trip, examined.Values), context.AskTimeout);
                reserved.Add(identity);
                answers.Add(new IdentityAnswer(answer.Violations, answer.Replays));
                if (answer.Replays.Count > 0)
                {
                    break; // Refused whatever the other identity says.
                }
            }

            var judged = JourneyDecider.Judge(examined, answers, now);
            if (!judged.Recorded)
            {
                Release(key, reserved);
                return Refuse(key, judged.Violations);
            }

            var commitment = judged.Commitment!;
            var leaf = commitment.LeafBytes();
            var appended = await log.Ask<object>(new LogMessages.Append([leaf], [Mobility.CarpoolProof.Territories.TerritoryMap.Join(territories)]), context.AskTimeout);
            if (appended is not LogMessages.Appended a)
            {
                Release(key, reserved);
                var reason = appended is LogMessages.Failed f ? f.Reason : "unexpected log answer";
                return Unavailable(key, "The transparency log did not append: " + reason);
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
                    return new Outcome(new JourneyMessages.Declared(key, DeclarationVerdict.AlreadyRecorded,
                        $"operator_journey_id {d.Journey!.OperatorJourneyId} is already committed in the log (leaf {a.Indices[0]}) for another declaration.",
                        [new(RuleLabel.DuplicateJourney, RuleSeverity.Conflict, "operator_journey_id already committed in the log")], null), null, []);
                }

                judged = JourneyDecider.Adopt(judged, earlier);
                commitment = earlier;
                leaf = stored;
            }

            if (!SignedBySameKey(a.Checkpoint))
            {
                // The checkpoint and the attestation would be signed by different keys: no verifier could check both.
                Release(key, reserved);
                return Unavailable(key, "Platform keys differ: the log singleton's node signs with another platform key than this node; copy one carpool/platform.key to every node.");
            }

            var j = d.Journey!;
            var index = a.Indices[0];
            var proof = a.Proofs[0].Select(Convert.FromBase64String).ToArray();
            var attestation = AttestationIssuer.IssueText(commitment, judged.Rules, index, a.TreeSize, proof, a.Checkpoint, context.Platform,
                new AttestationIssuer.ProofConfiguration(context.Platform, now));
            var view = new JourneyView(d.OperatorId, j.OperatorJourneyId, j.OperatorTripId, commitment.Status, commitment.ProofClass, commitment.Labels, judged.Rules,
                j.Start.Datetime, j.End.Datetime, commitment.AcceptedAt, index, attestation, null, null, territories);
            var forCampaigns = Campaigns.CampaignFeed.FromDeclaration(d.OperatorId, j, commitment.ProofClass, commitment.Status, index) with
            {
                Territories = Mobility.CarpoolProof.Territories.TerritoryMap.Join(territories),
            };
            var accepted = new CarpoolEvents.JourneyAccepted(view, j.Driver.Identity.IdentityKey, j.Passenger.Identity.IdentityKey, examined.Values,
                Convert.ToBase64String(leaf), forCampaigns, command.Body, command.SignedInBatch);
            return new Outcome(new JourneyMessages.Declared(key, DeclarationVerdict.Recorded, null, judged.Violations, view), accepted, judged.Violations,
                forCampaigns, judged.Indicted);
        }
        catch (AskTimeoutException)
        {
            Release(key, reserved);
            return Unavailable(key, $"An entity did not answer within {context.AskTimeout.TotalSeconds:0} s; retry later.");
        }
    }

    /// <summary>The territories containing the declared start or end (the configured territory while none is registered).</summary>
    private IReadOnlyList<string> Attribution(Mobility.CarpoolProof.Territories.TerritoryMap map, Journey j) =>
        map.Attribute(new(j.Start.Lat, j.Start.Lon), new(j.End.Lat, j.End.Lon), context.Territory);

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

        var evidence = d.Evidence.Unfolded(); // v2 statements name the same keys
        var devices = evidence.Pickups.SelectMany(p => new[] { p.DeviceKey, p.PeerDeviceKey }).Concat(evidence.Dropoffs.Select(x => x.DeviceKey))
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

    private static Outcome Unavailable(string key, string detail) =>
        new(new JourneyMessages.Declared(key, DeclarationVerdict.Unavailable, detail, [], null), null, []);

    private static Outcome Refuse(string key, IReadOnlyList<RuleViolation> violations)
    {
        var judged = Judgement.Refuse(violations);
        return new Outcome(new JourneyMessages.Declared(key, judged.Verdict, judged.Detail, violations, null), null, violations);
    }
}
