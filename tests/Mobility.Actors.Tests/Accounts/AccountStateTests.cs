using FsCheck;
using FsCheck.Fluent;
using Mobility.Actors.Accounts;
using Mobility.Actors.Operators;
using Mobility.Actors.Trips;
using Mobility.Ticketing.Capping;

namespace Mobility.Actors.Tests.Accounts;

/// <summary>
/// Issue 14: a traveler's account holds further media (cards) whose taps count toward the same caps as the app, and
/// connecting legs a carpool campaign pays, which the traveler is charged nothing for and which count toward no cap.
/// Navigo Liberte+ (metro EUR 1.99, EUR 12.00 a day) as the scheme.
/// </summary>
public sealed class AccountStateTests
{
    private const string App = "app-0123456789abcdef0123456789abcdef";
    private const string Card = "card-7d1650e12962718c378d237f3392728047f29409";
    private static readonly CappingEngine Engine = new(CapSchemes.Shipped("navigo-2025"));
    private static readonly TravelerId Alice = TravelerId.Parse("alice");
    private static readonly OperatorId Tram = OperatorId.Parse("tram-co");

    // 2026-12-01, a Tuesday, 08:00 in Paris.
    private static readonly DateTimeOffset Morning = new(2026, 12, 1, 8, 0, 0, TimeSpan.FromHours(1));

    private static AccountState Run(AccountState state, IAccountMessage command, out object reply)
    {
        var (r, events) = state.Process(command, Engine);
        reply = r;
        return events.Aggregate(state, (s, e) => s.Apply(e));
    }

    private static AccountState Opened(DateTimeOffset linkedAt)
    {
        var s = Run(AccountState.Empty, new AccountCommands.Open(App, Alice, Morning.AddDays(-1)), out _);
        return Run(s, new AccountCommands.LinkMedium(App, Alice, Card, "blue card", linkedAt), out _);
    }

    private static TapInput Metro(int minutes, string? via = null, CarpoolLeg? carpool = null, string? id = null) =>
        new(id ?? $"t{minutes}", Morning.AddMinutes(minutes), 199, "metro", null, via, carpool);

    private static IReadOnlyList<TapResult> Record(ref AccountState state, params TapInput[] taps)
    {
        state = Run(state, new AccountCommands.RecordTaps(App, Tram, taps, Morning.AddHours(12)), out var reply);
        return Assert.IsType<AccountReplies.Recorded>(reply).Results;
    }

    [Fact]
    public void Taps_read_from_a_registered_card_count_toward_the_same_daily_cap_as_the_app()
    {
        var state = Opened(Morning.AddHours(-1));
        var results = Record(ref state, Metro(0), Metro(10, Card), Metro(20), Metro(30, Card), Metro(40), Metro(50, Card), Metro(60, Card), Metro(70));
        Assert.Equal([199L, 199, 199, 199, 199, 199, 6, 0], results.Select(r => r.Charged!.Value));
        Assert.Equal(1200, state.Posted.Values.Sum());
        Assert.Equal([null, Card, null, Card, null, Card, Card, null], state.Taps.Select(t => t.Via));
    }

    [Fact]
    public void A_card_tap_from_before_its_registration_or_of_a_card_not_on_the_account_is_refused_and_nothing_changes()
    {
        var state = Opened(Morning.AddMinutes(30));
        var results = Record(ref state, Metro(10, Card), Metro(20, "card-0000000000000000000000000000000000000000"), Metro(40, Card));
        Assert.Equal([TapOutcome.Refused, TapOutcome.Refused, TapOutcome.Charged], results.Select(r => r.Outcome));
        Assert.Contains("registration", results[0].Reason, StringComparison.Ordinal);
        Assert.Contains("not registered", results[1].Reason, StringComparison.Ordinal);

        // Removed: its taps are refused from then on; listed no more.
        state = Run(state, new AccountCommands.UnlinkMedium(App, Alice, Card, Morning.AddHours(2)), out var unlinked);
        Assert.Empty(Assert.IsType<AccountReplies.Found>(unlinked).Account.Media!);
        Assert.Equal(TapOutcome.Refused, Record(ref state, Metro(200, Card))[0].Outcome);
        Assert.Single(state.Taps);

        // Unlinking again, or another traveler's command: not found; nothing changes.
        var (again, events) = state.Process(new AccountCommands.UnlinkMedium(App, Alice, Card, Morning.AddHours(3)), Engine);
        Assert.IsType<AccountReplies.NotFound>(again);
        Assert.Empty(events);
        Assert.IsType<AccountReplies.NotYours>(state.Process(new AccountCommands.LinkMedium(App, TravelerId.Parse("bob"), Card, "x", Morning), Engine).Reply);
    }

    [Fact]
    public void An_account_holds_at_most_ten_cards_and_linking_one_again_changes_nothing()
    {
        var state = Opened(Morning);
        for (var i = 1; i < AccountState.MaxMedia; i++)
        {
            state = Run(state, new AccountCommands.LinkMedium(App, Alice, $"card-{i:D40}", "spare", Morning), out _);
        }

        Assert.Equal(AccountState.MaxMedia, state.Media!.Count);
        var (full, none) = state.Process(new AccountCommands.LinkMedium(App, Alice, "card-" + new string('f', 40), "one more", Morning), Engine);
        Assert.IsType<AccountReplies.MediaFull>(full);
        Assert.Empty(none);
        var (same, noEvents) = state.Process(new AccountCommands.LinkMedium(App, Alice, Card, "renamed", Morning), Engine);
        Assert.IsType<AccountReplies.Found>(same);
        Assert.Empty(noEvents);
    }

    [Fact]
    public void A_connecting_leg_a_carpool_campaign_pays_is_charged_0_with_its_own_entry_and_counts_toward_no_cap()
    {
        var state = Opened(Morning);
        var leg = new CarpoolLeg("ride-on", "leaf-hash");

        // Six metro rides (11.94), the carpool's connecting leg between them, then a seventh ride: 0.06 (the cap), as if
        // the connecting leg had not been ridden; it costs the traveler nothing.
        var results = Record(ref state, Metro(0), Metro(10), Metro(20), Metro(25, carpool: leg), Metro(30), Metro(40), Metro(50), Metro(60));
        Assert.Equal([199L, 199, 199, 0, 199, 199, 199, 6], results.Select(r => r.Charged!.Value));
        var entry = Assert.Single(state.Entries, e => e.TapId == "tram-co:t25");
        Assert.Equal((ChargeEntryKind.Charge, 0L), (entry.Kind, entry.Amount));
        Assert.Contains("ride-on", entry.Reason, StringComparison.Ordinal);
        Assert.Equal(leg, state.Taps.Single(t => t.Tap.Id == "tram-co:t25").Carpool);

        // A late ride at 07:00 re-charges the day: the connecting leg stays at 0, untouched by the reversals.
        Record(ref state, Metro(-60));
        Assert.Equal(1200, state.Posted.Values.Sum());
        Assert.Equal(0, state.Posted["tram-co:t25"]);
        Assert.Single(state.Entries, e => e.TapId == "tram-co:t25");
    }

    /// <summary>
    /// Law: connecting legs a campaign pays, uploaded in any batches and order among other rides, are each posted 0
    /// and leave every other ride's charge as the caps give it for those rides alone (checked against the engine run
    /// on them only); the ledger's entries sum to the posted charges.
    /// </summary>
    [Fact]
    public void Connecting_legs_change_no_other_rides_charge_whatever_the_order_and_batches()
    {
        // Each ride: its minute from 08:00 (02:00 to 19:00, across two travel days), whether it is a connecting leg, and
        // the size of the upload batch it opens.
        var ride = Gen.Zip(Gen.Zip(Gen.Choose(-6 * 60, 11 * 60), Gen.Elements(true, false, false, false), (minute, leg) => (Minute: minute, Leg: leg)),
            Gen.Choose(1, 4), (r, size) => (r.Minute, r.Leg, Batch: size));
        var rides = ride.ArrayOf().Where(a => a.Length is > 0 and <= 40);
        var property = Prop.ForAll(rides.ToArbitrary(), drawn =>
        {
            var state = Opened(Morning.AddDays(-1));
            var taps = drawn.Select((d, i) => new TapInput($"t{i}", Morning.AddMinutes(d.Minute), 199, "metro", null, null,
                d.Leg ? new CarpoolLeg("ride-on", "leaf-" + i) : null)).ToList();
            var batch = 0;
            while (batch < taps.Count)
            {
                var size = Math.Min(drawn[batch].Batch, taps.Count - batch);
                Record(ref state, [.. taps.Skip(batch).Take(size)]);
                batch += size;
            }

            var paid = taps.Where(t => t.Carpool is null).ToList();
            var expected = Engine.Charge([.. paid.Select(t => new Tap(Tram.Value + ":" + t.TapId, t.Time, App, t.Fare, t.Tier))]);
            var byId = paid.Select((t, k) => (Tram.Value + ":" + t.TapId, expected[k])).ToDictionary(p => p.Item1, p => p.Item2);
            return taps.All(t => state.Posted[Tram.Value + ":" + t.TapId] == (t.Carpool is null ? byId[Tram.Value + ":" + t.TapId] : 0))
                && state.Entries.Sum(e => e.Amount) == state.Posted.Values.Sum();
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), property);
    }
}
