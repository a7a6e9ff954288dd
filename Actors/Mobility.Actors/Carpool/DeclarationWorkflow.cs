using Akka.Actor;
using Mobility.CarpoolProof.Decision;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;
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
            territories = Attribution(context, await context.Territories.MapAsync(), d.Journey!);
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

            // The public leaf is sealed (v2, docs/proofs.md "Log leaves"): a fresh salt per journey, kept with it.
            var commitment = judged.Commitment!;
            var logged = new LoggedJourney(commitment, SealedLeaf.NewSalt());
            var leaf = logged.LeafBytes();
            var appended = await log.Ask<object>(new LogMessages.Append([leaf], [Mobility.CarpoolProof.Territories.TerritoryMap.Join(territories)], [logged.Opening!.ToBytes()]), context.AskTimeout);
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
                var opening = a.ExistingOpenings?[0] is { } o ? LeafOpening.FromBytes(Convert.FromBase64String(o)) : null;
                var earlier = ReadLeaf.Of(stored, opening).Journey;
                if (earlier is null || earlier.DeclarationSha256 != commitment.DeclarationSha256)
                {
                    Release(key, reserved);
                    return new Outcome(new JourneyMessages.Declared(key, DeclarationVerdict.AlreadyRecorded,
                        $"operator_journey_id {d.Journey!.OperatorJourneyId} is already committed in the log (leaf {a.Indices[0]}) for another declaration.",
                        [new(RuleLabel.DuplicateJourney, RuleSeverity.Conflict, "operator_journey_id already committed in the log")], null), null, []);
                }

                judged = JourneyDecider.Adopt(judged, earlier);
                commitment = earlier;
                logged = new LoggedJourney(earlier, opening?.Salt, SealedLeaf.Parse(stored)?.Territories);
                leaf = stored;
            }

            if (!SignedBySameKey(a.Checkpoint))
            {
                // The checkpoint and the attestation would be signed by different keys: no verifier could check both.
                Release(key, reserved);
                return Unavailable(key, "Platform keys differ: the log singleton's node signs with another platform key than this node; copy one carpool/platform.key to every node.");
            }

            var accepted = Accept(context, d, logged, judged.Rules, examined.Values, leaf, a.Indices[0], a.TreeSize, a.Proofs[0], a.Checkpoint, command.Body,
                command.SignedInBatch, territories, now);
            var view = accepted.Journey;
            var forCampaigns = accepted.ForCampaigns;
            return new Outcome(new JourneyMessages.Declared(key, DeclarationVerdict.Recorded, null, judged.Violations, view), accepted, judged.Violations,
                forCampaigns, judged.Indicted);
        }
        catch (AskTimeoutException)
        {
            Release(key, reserved);
            return Unavailable(key, $"An entity did not answer within {context.AskTimeout.TotalSeconds:0} s; retry later.");
        }
    }

    /// <summary>
    /// The acceptance to persist of a journey the log holds at <paramref name="index"/>: its view, with the attestation
    /// signed now over the inclusion proof, its territories, and what the campaigns count of it. <paramref name="logged"/>:
    /// the journey as the log holds it (for a sealed leaf, with the salt the attestation carries and the acceptance keeps).
    /// </summary>
    internal static CarpoolEvents.JourneyAccepted Accept(CarpoolContext context, SignedDeclaration d, LoggedJourney logged, IReadOnlyList<RuleResult> rules,
        IReadOnlyList<string> values, byte[] leaf, long index, long treeSize, IReadOnlyList<string> proof, string checkpoint, byte[] body, bool signedInBatch,
        IReadOnlyList<string> territories, DateTimeOffset now)
    {
        var j = d.Journey!;
        var commitment = logged.Body;
        var attestation = AttestationIssuer.IssueText(logged, rules, index, treeSize, [.. proof.Select(Convert.FromBase64String)], checkpoint, context.Platform,
            new AttestationIssuer.ProofConfiguration(context.Platform, now));
        var view = new JourneyView(d.OperatorId, j.OperatorJourneyId, j.OperatorTripId, commitment.Status, commitment.ProofClass, commitment.Labels, rules,
            j.Start.Datetime, j.End.Datetime, commitment.AcceptedAt, index, attestation, null, null, territories);
        var forCampaigns = Campaigns.CampaignFeed.FromDeclaration(d.OperatorId, j, commitment.ProofClass, commitment.Status, index) with
        {
            Territories = Mobility.CarpoolProof.Territories.TerritoryMap.Join(territories),
        };
        return new CarpoolEvents.JourneyAccepted(view, j.Driver.Identity.IdentityKey, j.Passenger.Identity.IdentityKey, values,
            Convert.ToBase64String(leaf), forCampaigns, body, signedInBatch, logged.Salt is { } salt ? Base64Url.Encode(salt) : null);
    }

    /// <summary>The territories containing the declared start or end (the configured territory while none is registered).</summary>
    internal static IReadOnlyList<string> Attribution(CarpoolContext context, Mobility.CarpoolProof.Territories.TerritoryMap map, Journey j) =>
        map.Attribute(new(j.Start.Lat, j.Start.Lon), new(j.End.Lat, j.End.Lon), context.Territory);

    /// <summary>Whether the log's checkpoint is signed by this node's platform key (else no verifier could check both).</summary>
    internal bool SignedBySameKey(string note) => SignedBy(context, note);

    internal static bool SignedBy(CarpoolContext context, string note)
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
        BoundKeys.RegisterOperator(keys, d.OperatorId, await BoundKeys.Lookup(context, bindings, "operator:" + d.OperatorId));
        foreach (var device in BoundKeys.DevicesOf(d))
        {
            BoundKeys.RegisterDevice(keys, device, await BoundKeys.IdentityOf(context, bindings, d.OperatorId, device));
        }

        return keys;
    }

    private static Outcome Unavailable(string key, string detail) =>
        new(new JourneyMessages.Declared(key, DeclarationVerdict.Unavailable, detail, [], null), null, []);

    private static Outcome Refuse(string key, IReadOnlyList<RuleViolation> violations)
    {
        var judged = Judgement.Refuse(violations);
        return new Outcome(new JourneyMessages.Declared(key, judged.Verdict, judged.Detail, violations, null), null, violations);
    }
}
