using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Mobility.Ticketing;
using Mobility.Ticketing.Capping;
using Mobility.Ticketing.Clearing;
using Mobility.Ticketing.Fares;
using Mobility.Ticketing.Tickets;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli.Ticket;

/// <summary>
/// <c>mobility ticket bench</c>: the library code the node runs, timed on one thread: the fare of a three-leg
/// itinerary (C-TRAN fixture), capping, validation (one Ed25519 verification each) and a clearing run.
/// </summary>
internal sealed class BenchCommand : Command<BenchCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--feed <DIR>")]
        [Description("GTFS-Fares v2 feed for the fare workload (default ../shared/data/fares/ctran-fares-v2)")]
        public string Feed { get; init; } = Path.Combine("..", "shared", "data", "fares", "ctran-fares-v2");

        [CommandOption("--fares <N>")]
        [Description("fare computations (default 20000)")]
        public int Fares { get; init; } = 20_000;

        [CommandOption("--taps <N>")]
        [Description("taps to cap (default 1000000)")]
        public int Taps { get; init; } = 1_000_000;

        [CommandOption("--tickets <N>")]
        [Description("tickets to validate (default 20000)")]
        public int Tickets { get; init; } = 20_000;

        [CommandOption("--clearing <N>")]
        [Description("tickets to clear, 2.5 legs each on average (default 100000)")]
        public int Clearing { get; init; } = 100_000;

        public override ValidationResult Validate() =>
            Fares is < 1 or > 10_000_000 || Taps is < 1 or > 50_000_000 || Tickets is < 1 or > 10_000_000 || Clearing is < 1 or > 10_000_000
                ? ValidationResult.Error("--fares, --taps, --tickets, --clearing must be positive (and at most 10-50 million)")
                : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Console.Out.WriteLine($"ticket bench on one thread ({Environment.ProcessorCount} cores visible, {(Debugger.IsAttached ? "debugger" : "no debugger")})");
        try
        {
            Fare(settings);
        }
        catch (TicketingInputException ex)
        {
            Console.Out.WriteLine($"fare: skipped ({ex.Message}; give --feed)");
        }

        Capping(settings.Taps);
        Validation(settings.Tickets);
        Clear(settings.Clearing);
        return 0;
    }

    private static void Report(string what, double[] micros, double seconds, long items, string unit)
    {
        var (p50, p95, p99) = BenchStats.Percentiles(micros);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: p50 {p50:F2} us, p95 {p95:F2} us, p99 {p99:F2} us; {items / seconds:N0} {unit}/s ({items:N0} in {seconds:F2} s)"));
    }

    private static void Fare(Settings settings)
    {
        var calculator = new FareCalculator([FareFeedReader.Read(settings.Feed, "ctran")]);
        FareLeg Leg(string route, string at) =>
            new("ctran", route, "8126", "8111", DateTimeOffset.Parse(at, CultureInfo.InvariantCulture), DateTimeOffset.Parse(at, CultureInfo.InvariantCulture).AddMinutes(25));
        FareLeg[] legs = [Leg("002", "2025-09-16T07:00:00-07:00"), Leg("105", "2025-09-16T07:40:00-07:00"), Leg("060", "2025-09-16T08:30:00-07:00")];
        var request = new FareRequest();
        var total = calculator.Price(legs, request).Total;
        Warm(() => calculator.Price(legs, request));

        var micros = new double[settings.Fares];
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < micros.Length; i++)
        {
            var t = Stopwatch.GetTimestamp();
            calculator.Price(legs, request);
            micros[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
        }

        Report($"fare of a 3-leg itinerary (local, express, regional; {total})", micros, Stopwatch.GetElapsedTime(start).TotalSeconds, micros.Length, "itineraries");
    }

    private static void Capping(int count)
    {
        var scheme = CapSchemes.Shipped("tfl-2025");
        var engine = new CappingEngine(scheme);
        var rng = new Random(42);
        var media = Math.Max(1, count / 100);
        var origin = new DateTimeOffset(2025, 3, 3, 5, 0, 0, TimeSpan.Zero);
        var byMedium = new List<Tap>[media];
        for (var m = 0; m < media; m++)
        {
            byMedium[m] = [];
        }

        for (var i = 0; i < count; i++)
        {
            var m = rng.Next(media);
            var tier = scheme.Tiers[rng.Next(scheme.Tiers.Count)];
            byMedium[m].Add(new Tap($"t{i}", origin.AddMinutes(rng.Next(7 * 24 * 60)), $"card-{m}", tier == "bus" ? 175 : 280 + rng.Next(300), tier));
        }

        var warm = 0;
        Warm(() => engine.Charge(byMedium[warm++ % media]));
        var micros = new double[media];
        var start = Stopwatch.GetTimestamp();
        for (var m = 0; m < media; m++)
        {
            var t = Stopwatch.GetTimestamp();
            engine.Charge(byMedium[m]);
            micros[m] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
        }

        var perMedium = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var all = byMedium.SelectMany(b => b).ToList();
        start = Stopwatch.GetTimestamp();
        engine.Charge(all);
        var batch = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Report($"capping, tfl-2025, {media:N0} cards of ~100 taps a week (latency per card)", micros, perMedium, count, "taps");
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"capping, one batch of {count:N0} taps (sorted by card and time inside): {count / batch:N0} taps/s ({batch:F2} s)"));
    }

    private static void Validation(int count)
    {
        var issuer = new TicketIssuer("bench-1", Enumerable.Repeat((byte)7, 32).ToArray());
        var now = DateTimeOffset.Parse("2026-12-03T08:05:00Z", CultureInfo.InvariantCulture);
        var keys = new KeyList("mobility", []).Rotate(issuer.Kid, issuer.PublicKey, now.AddDays(-1), now.AddDays(30));
        var tickets = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var id = new byte[16];
            BitConverter.TryWriteBytes(id, i);
            tickets[i] = issuer.Issue(new Ticketing.Tickets.Ticket(id, "mobility", null, now.AddMinutes(-5), now.AddMinutes(-5), now.AddHours(3),
            [
                new TicketLeg("tram-co", "lyon", "S1", "S2", now.AddMinutes(-5), now.AddHours(1)),
                new TicketLeg("bus-co", "lyon", "S2", "S3", now.AddMinutes(20), now.AddHours(2)),
                new TicketLeg("rail-co", null, "S3", "S4", now.AddHours(1), now.AddHours(3)),
            ], new Money(410, "EUR"), "ADULT"));
        }

        var point = new ValidationPoint("tram-co", "lyon", "gate-1", 45.76, 4.84);
        var warmValidator = new TicketValidator(keys, new BenchClock(now), ValidatorOptions.Default, new ReplayStore(), new HashSet<string>());
        Warm(() => warmValidator.Validate(tickets[0], point));
        var validator = new TicketValidator(keys, new BenchClock(now), ValidatorOptions.Default, new ReplayStore(), new HashSet<string>());
        var micros = new double[count];
        var valid = 0;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var t = Stopwatch.GetTimestamp();
            valid += validator.Validate(tickets[i], point).Valid ? 1 : 0;
            micros[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
        }

        Report($"validator, 3-leg tickets of {tickets[0].Length} bytes ({valid:N0} valid)", micros, Stopwatch.GetElapsedTime(start).TotalSeconds, count, "tickets");
    }

    private static void Clear(int count)
    {
        var policy = ApportionmentPolicy.Shipped("fixed-plus-distance-1.0.0");
        var rng = new Random(7);
        string[] operators = ["tram-co", "bus-co", "rail-co", "carpool-co"];
        var tickets = new ClearingTicket[count];
        long legs = 0;
        for (var i = 0; i < count; i++)
        {
            var n = 1 + rng.Next(4); // 1-4 legs: 2.5 on average
            legs += n;
            tickets[i] = new ClearingTicket($"t{i}", DateTimeOffset.UnixEpoch, new Money(150 + rng.Next(1000), "EUR"),
                [.. Enumerable.Range(0, n).Select(_ => new ClearingLeg(operators[rng.Next(4)], "bus", 100 + rng.Next(300), 500 + rng.Next(20_000), 600))]);
        }

        Warm(() => Apportionment.Shares(policy, tickets[0]));
        var micros = new double[Math.Min(count, 100_000)];
        for (var i = 0; i < micros.Length; i++)
        {
            var t = Stopwatch.GetTimestamp();
            Apportionment.Shares(policy, tickets[i]);
            micros[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
        }

        long entries = 0;
        var start = Stopwatch.GetTimestamp();
        var statement = ClearingStatement.Clear(policy, "bench", tickets, _ => entries++);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Report($"clearing, {policy.Id} {policy.Version}, {count:N0} tickets, {legs:N0} legs ({entries:N0} journal entries, {statement.Operators.Count} operators; latency per ticket)", micros, seconds, count, "tickets");
    }

    /// <summary>Runs a workload for a second first, so that tiered compilation has reached its optimized code.</summary>
    private static void Warm(Action action)
    {
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start).TotalSeconds < 1)
        {
            for (var i = 0; i < 100; i++)
            {
                action();
            }
        }
    }

    /// <summary>The fixed instant the bench validates at.</summary>
    private sealed class BenchClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
