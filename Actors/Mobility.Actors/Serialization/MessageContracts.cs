using System.Collections.Frozen;
using System.Text.Json.Serialization.Metadata;
using Mobility.Actors.Carpool;
using Mobility.Actors.Operators;

namespace Mobility.Actors.Serialization;

/// <summary>
/// The stable wire names of everything <see cref="MobilitySerializer"/> writes. A manifest names a shape, not a CLR type:
/// renaming or moving a class keeps stored events readable, and a changed shape gets a new manifest (".v2") while the
/// old one stays readable. Add a line per new message; never reuse or remove a manifest that reached a journal.
/// </summary>
public static class MessageContracts
{
    private static readonly (string Manifest, JsonTypeInfo Info)[] All =
    [
        // Operator: events and snapshot (persisted).
        ("operator.registered.v1", ActorsJsonContext.Default.Registered),
        ("operator.feed-version-recorded.v1", ActorsJsonContext.Default.FeedVersionRecorded),
        ("operator.state.v1", ActorsJsonContext.Default.OperatorState),
        ("operator.feed-source-registered.v1", ActorsJsonContext.Default.FeedSourceRegistered),
        ("operator.feed-source-unregistered.v1", ActorsJsonContext.Default.FeedSourceUnregistered),
        ("operator.offer-published.v1", ActorsJsonContext.Default.OfferPublished),
        ("operator.offer-withdrawn.v1", ActorsJsonContext.Default.OfferWithdrawn),
        ("operator.hold-placed.v1", ActorsJsonContext.Default.HoldPlaced),
        ("operator.holds-confirmed.v1", ActorsJsonContext.Default.HoldsConfirmed),
        ("operator.holds-released.v1", ActorsJsonContext.Default.HoldsReleased),

        // Operator: commands, queries and replies (between nodes).
        ("operator.register.v1", ActorsJsonContext.Default.Register),
        ("operator.record-feed-version.v1", ActorsJsonContext.Default.RecordFeedVersion),
        ("operator.get.v1", ActorsJsonContext.Default.Get),
        ("operator.accepted.v1", ActorsJsonContext.Default.Accepted),
        ("operator.rejected.v1", ActorsJsonContext.Default.Rejected),
        ("operator.found.v1", ActorsJsonContext.Default.Found),
        ("operator.not-found.v1", ActorsJsonContext.Default.NotFound),

        // Carpool journeys, identities, key bindings and the transparency log (events persisted, the rest between nodes).
        ("carpool.key-bound.v1", ActorsJsonContext.Default.CarpoolEventsKeyBound),
        ("carpool.key-unbound.v1", ActorsJsonContext.Default.CarpoolEventsKeyUnbound),
        ("carpool.trip-recorded.v1", ActorsJsonContext.Default.CarpoolEventsTripRecorded),
        ("carpool.trip-withdrawn.v1", ActorsJsonContext.Default.CarpoolEventsTripWithdrawn),
        ("carpool.journey-accepted.v1", ActorsJsonContext.Default.CarpoolEventsJourneyAccepted),
        ("carpool.journey-flagged.v1", ActorsJsonContext.Default.CarpoolEventsJourneyFlagged),
        ("carpool.batch-manifest-kept.v1", ActorsJsonContext.Default.CarpoolEventsBatchManifestKept),
        ("carpool.journey-record.v1", ActorsJsonContext.Default.JourneyMessagesRecord),
        ("carpool.identity-reserve-batch.v1", ActorsJsonContext.Default.IdentityMessagesReserveBatch),
        ("carpool.identity-batch-reserved.v1", ActorsJsonContext.Default.IdentityMessagesBatchReserved),
        ("carpool.identity-commit-batch.v1", ActorsJsonContext.Default.IdentityMessagesCommitBatch),
        ("carpool.identity-batch-committed.v1", ActorsJsonContext.Default.IdentityMessagesBatchCommitted),
        ("carpool.batch-keep.v1", ActorsJsonContext.Default.BatchMessagesKeep),
        ("carpool.batch-kept.v1", ActorsJsonContext.Default.BatchMessagesKept),
        ("carpool.declare.v1", ActorsJsonContext.Default.JourneyMessagesDeclare),
        ("carpool.declared.v2", ActorsJsonContext.Default.JourneyMessagesDeclared),
        ("carpool.journey-get.v1", ActorsJsonContext.Default.JourneyMessagesGet),
        ("carpool.journey-found.v1", ActorsJsonContext.Default.JourneyMessagesFound),
        ("carpool.journey-not-found.v1", ActorsJsonContext.Default.JourneyMessagesNotFound),
        ("carpool.flag.v1", ActorsJsonContext.Default.JourneyMessagesFlag),
        ("carpool.flagged.v2", ActorsJsonContext.Default.JourneyMessagesFlagged),
        ("carpool.identity-reserve.v1", ActorsJsonContext.Default.IdentityMessagesReserve),
        ("carpool.identity-reserved.v1", ActorsJsonContext.Default.IdentityMessagesReserved),
        ("carpool.identity-commit.v1", ActorsJsonContext.Default.IdentityMessagesCommit),
        ("carpool.identity-release.v1", ActorsJsonContext.Default.IdentityMessagesRelease),
        ("carpool.identity-withdraw.v1", ActorsJsonContext.Default.IdentityMessagesWithdraw),
        ("carpool.identity-get-journeys.v1", ActorsJsonContext.Default.IdentityMessagesGetJourneys),
        ("carpool.identity-journeys.v1", ActorsJsonContext.Default.IdentityMessagesJourneys),
        ("carpool.key-bind.v1", ActorsJsonContext.Default.KeyBindingMessagesBind),
        ("carpool.key-get.v1", ActorsJsonContext.Default.KeyBindingMessagesGet),
        ("carpool.key-unbind.v1", ActorsJsonContext.Default.KeyBindingMessagesUnbind),
        ("carpool.key-binding.v1", ActorsJsonContext.Default.KeyBindingMessagesBinding),
        ("log.append.v1", ActorsJsonContext.Default.LogMessagesAppend),
        ("log.appended.v1", ActorsJsonContext.Default.LogMessagesAppended),
        ("log.get-checkpoint.v1", ActorsJsonContext.Default.LogMessagesGetCheckpoint),
        ("log.checkpoint.v1", ActorsJsonContext.Default.LogMessagesCheckpointNote),
        ("log.prove-inclusion.v1", ActorsJsonContext.Default.LogMessagesProveInclusion),
        ("log.prove-consistency.v1", ActorsJsonContext.Default.LogMessagesProveConsistency),
        ("log.proof.v1", ActorsJsonContext.Default.LogMessagesProof),
        ("log.read-leaves.v1", ActorsJsonContext.Default.LogMessagesReadLeaves),
        ("log.leaves.v1", ActorsJsonContext.Default.LogMessagesLeaves),
        ("log.read-openings.v1", ActorsJsonContext.Default.LogMessagesReadOpenings),
        ("log.openings.v1", ActorsJsonContext.Default.LogMessagesOpenings),
        ("log.list-journeys.v1", ActorsJsonContext.Default.LogMessagesListJourneys),
        ("log.journey-list.v1", ActorsJsonContext.Default.LogMessagesJourneyList),
        ("log.find-journeys.v1", ActorsJsonContext.Default.LogMessagesFindJourneys),
        ("log.journeys-found.v1", ActorsJsonContext.Default.LogMessagesJourneysFound),
        ("log.failed.v2", ActorsJsonContext.Default.LogMessagesFailed),
        ("operator.register-feed-source.v1", ActorsJsonContext.Default.RegisterFeedSource),
        ("operator.unregister-feed-source.v1", ActorsJsonContext.Default.UnregisterFeedSource),
        ("operator.publish-offer.v1", ActorsJsonContext.Default.PublishOffer),
        ("operator.withdraw-offer.v1", ActorsJsonContext.Default.WithdrawOffer),
        ("operator.place-hold.v1", ActorsJsonContext.Default.PlaceHold),
        ("operator.confirm-holds.v1", ActorsJsonContext.Default.ConfirmHolds),
        ("operator.release-holds.v1", ActorsJsonContext.Default.ReleaseHolds),
        ("operator.live-offers.v1", ActorsJsonContext.Default.OperatorLiveOffers),

        // Trip: events and snapshot (persisted).
        ("trip.booked.v1", ActorsJsonContext.Default.TripBooked),
        ("trip.committed.v1", ActorsJsonContext.Default.TripCommitted),
        ("trip.operator-accepted.v1", ActorsJsonContext.Default.TripOperatorAccepted),
        ("trip.started.v1", ActorsJsonContext.Default.TripStarted),
        ("trip.ended.v1", ActorsJsonContext.Default.TripEnded),
        ("trip.cancelled.v1", ActorsJsonContext.Default.TripCancelled),
        ("trip.expired.v1", ActorsJsonContext.Default.TripExpired),
        ("trip.ticket-issued.v1", ActorsJsonContext.Default.TripTicketIssued),
        ("trip.ticket-revoked.v1", ActorsJsonContext.Default.TripTicketRevoked),
        ("trip.holds-requested.v1", ActorsJsonContext.Default.TripHoldsRequested),
        ("trip.refused.v1", ActorsJsonContext.Default.TripRefused),
        ("trip.state.v1", ActorsJsonContext.Default.TripState),
        ("traveler-trips.added.v1", ActorsJsonContext.Default.TravelerTripsAdded),

        // Accounts (media, taps, charges): events and snapshot (persisted), commands and replies (between nodes).
        ("account.opened.v1", ActorsJsonContext.Default.AccountOpened),
        ("account.taps-charged.v1", ActorsJsonContext.Default.AccountTapsCharged),
        ("account.tap-refunded.v1", ActorsJsonContext.Default.AccountTapRefunded),
        ("account.refund-tap.v1", ActorsJsonContext.Default.AccountRefundTap),
        ("account.refunded.v1", ActorsJsonContext.Default.AccountRefunded),
        ("account.refund-refused.v1", ActorsJsonContext.Default.AccountRefundRefused),
        ("account.state.v1", ActorsJsonContext.Default.AccountState),
        ("account.open.v1", ActorsJsonContext.Default.AccountOpen),
        ("account.record-taps.v1", ActorsJsonContext.Default.AccountRecordTaps),
        ("account.get.v1", ActorsJsonContext.Default.AccountGet),
        ("account.credit.v1", ActorsJsonContext.Default.AccountCredit),
        ("account.credited.v1", ActorsJsonContext.Default.AccountCredited),
        ("account.found.v1", ActorsJsonContext.Default.AccountFound),
        ("account.not-found.v1", ActorsJsonContext.Default.AccountNotFound),
        ("account.not-yours.v1", ActorsJsonContext.Default.AccountNotYours),
        ("account.recorded.v1", ActorsJsonContext.Default.AccountRecorded),
        ("account.link-medium.v1", ActorsJsonContext.Default.AccountLinkMedium),
        ("account.unlink-medium.v1", ActorsJsonContext.Default.AccountUnlinkMedium),
        ("account.medium-linked.v1", ActorsJsonContext.Default.AccountMediumLinked),
        ("account.medium-unlinked.v1", ActorsJsonContext.Default.AccountMediumUnlinked),
        ("account.media-full.v1", ActorsJsonContext.Default.AccountMediaFull),

        // Clearing statements: event (persisted), commands and replies (between nodes).
        ("clearing.statement-issued.v1", ActorsJsonContext.Default.ClearingStatementIssued),
        ("clearing.issue.v1", ActorsJsonContext.Default.ClearingIssue),
        ("clearing.get.v1", ActorsJsonContext.Default.ClearingGet),
        ("clearing.issued.v1", ActorsJsonContext.Default.ClearingIssued),
        ("clearing.not-issued.v1", ActorsJsonContext.Default.ClearingNotIssued),
        ("clearing.unanchored.v1", ActorsJsonContext.Default.ClearingUnanchored),

        // Trip: commands, queries and replies (between nodes).
        ("trip.book.v1", ActorsJsonContext.Default.TripBook),
        ("trip.commit.v1", ActorsJsonContext.Default.TripCommit),
        ("trip.answer.v1", ActorsJsonContext.Default.TripAnswer),
        ("trip.start.v1", ActorsJsonContext.Default.TripStart),
        ("trip.end.v1", ActorsJsonContext.Default.TripEnd),
        ("trip.cancel.v1", ActorsJsonContext.Default.TripCancel),
        ("trip.expire.v1", ActorsJsonContext.Default.TripExpire),
        ("trip.issue-ticket.v1", ActorsJsonContext.Default.TripIssueTicket),
        ("trip.holds-placed.v1", ActorsJsonContext.Default.TripHoldsPlaced),
        ("trip.get.v1", ActorsJsonContext.Default.TripGet),
        ("trip.accepted.v1", ActorsJsonContext.Default.TripAccepted),
        ("trip.rejected.v1", ActorsJsonContext.Default.TripRejected),
        ("trip.found.v1", ActorsJsonContext.Default.TripFound),
        ("trip.not-found.v1", ActorsJsonContext.Default.TripNotFound),
        ("traveler-trips.add.v1", ActorsJsonContext.Default.TravelerTripsAdd),
        ("traveler-trips.get.v1", ActorsJsonContext.Default.TravelerTripsGet),
        ("traveler-trips.list.v1", ActorsJsonContext.Default.TravelerTripsList),

        // Campaigns: entity and directory events (persisted), commands, replies and the journey feed (between nodes).
        ("campaign-feed.journey-accepted.v1", ActorsJsonContext.Default.CampaignFeedJourneyAccepted),
        ("campaign-feed.journey-revoked.v1", ActorsJsonContext.Default.CampaignFeedJourneyRevoked),
        ("campaign.create.v1", ActorsJsonContext.Default.CampaignCreate),
        ("campaign.activate.v1", ActorsJsonContext.Default.CampaignActivate),
        ("campaign.close.v1", ActorsJsonContext.Default.CampaignClose),
        ("campaign.get.v1", ActorsJsonContext.Default.CampaignGet),
        ("campaign.settlement.v1", ActorsJsonContext.Default.CampaignSettlement),
        ("campaign.statement.v1", ActorsJsonContext.Default.CampaignStatement),
        ("campaign.open-data.v1", ActorsJsonContext.Default.CampaignOpenData),
        ("campaign.incentives.v1", ActorsJsonContext.Default.CampaignIncentives),
        ("campaign.submit.v1", ActorsJsonContext.Default.CampaignSubmit),
        ("campaign.revoke.v1", ActorsJsonContext.Default.CampaignRevoke),
        ("campaign.document.v1", ActorsJsonContext.Default.CampaignRepliesDocument),
        ("campaign.refused.v1", ActorsJsonContext.Default.CampaignRepliesRefused),
        ("campaign.terms.v1", ActorsJsonContext.Default.CampaignCommandsTerms),
        ("campaign.terms-answer.v1", ActorsJsonContext.Default.CampaignTerms),
        ("campaign-directory.register.v1", ActorsJsonContext.Default.CampaignDirectoryRegister),
        ("campaign-directory.unregister.v1", ActorsJsonContext.Default.CampaignDirectoryUnregister),
        ("campaign-directory.simulate.v1", ActorsJsonContext.Default.CampaignDirectorySimulate),
        ("campaign-directory.list-active.v1", ActorsJsonContext.Default.CampaignDirectoryListActive),
        ("campaign-directory.active.v1", ActorsJsonContext.Default.CampaignDirectoryActive),
        ("campaign.created.v1", ActorsJsonContext.Default.CampaignCreated),
        ("campaign.activated.v1", ActorsJsonContext.Default.CampaignActivated),
        ("campaign.closed.v1", ActorsJsonContext.Default.CampaignClosed),
        ("campaign.journeys-counted.v1", ActorsJsonContext.Default.CampaignJourneysCounted),
        ("campaign.journey-revoked.v1", ActorsJsonContext.Default.CampaignJourneyRevoked),
        ("campaign.settlement-anchored.v1", ActorsJsonContext.Default.CampaignSettlementAnchored),
        ("campaign-directory.registered.v1", ActorsJsonContext.Default.CampaignRegistered),
        ("campaign-directory.unregistered.v1", ActorsJsonContext.Default.CampaignUnregistered),
        ("campaign-directory.feed-read.v1", ActorsJsonContext.Default.CampaignFeedRead),

        // Territories: the registry's event (persisted), its commands and replies (between nodes).
        ("territory.registered.v1", ActorsJsonContext.Default.TerritoryEventsRegistered),
        ("territory.register.v1", ActorsJsonContext.Default.TerritoryCommandsRegister),
        ("territory.list.v1", ActorsJsonContext.Default.TerritoryCommandsList),
        ("territory.registered-answer.v1", ActorsJsonContext.Default.TerritoryRepliesRegistered),
        ("territory.refused.v1", ActorsJsonContext.Default.TerritoryRepliesRefused),
        ("territory.snapshot.v1", ActorsJsonContext.Default.TerritoryRepliesSnapshot),
        ("territory.changed.v1", ActorsJsonContext.Default.TerritoryRepliesChanged),
    ];

    private static readonly FrozenDictionary<string, JsonTypeInfo> ByManifest = All.ToFrozenDictionary(a => a.Manifest, a => a.Info, StringComparer.Ordinal);

    private static readonly FrozenDictionary<Type, string> ByType = All.ToFrozenDictionary(a => a.Info.Type, a => a.Manifest);

    public static IEnumerable<(string Manifest, Type Type)> Registered => All.Select(a => (a.Manifest, a.Info.Type));

    public static bool TryGetManifest(Type type, out string manifest) => ByType.TryGetValue(type, out manifest!);

    public static bool TryGetTypeInfo(string manifest, out JsonTypeInfo info) => ByManifest.TryGetValue(manifest, out info!);

    public static JsonTypeInfo TypeInfoFor(Type type) =>
        TryGetManifest(type, out var manifest) ? ByManifest[manifest] : throw new ArgumentException($"{type.FullName} has no manifest in {nameof(MessageContracts)}.", nameof(type));
}
