using System.ComponentModel;
using System.Globalization;
using Mobility.Ticketing;
using Mobility.Ticketing.Fares;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli.Ticket;

/// <summary><c>mobility ticket fare</c>: the price of a list of transit legs over one or more GTFS feeds' fares.</summary>
internal sealed class FareCommand : Command<FareCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--feed <ID=PATH>")]
        [Description("a feed id and its GTFS folder or zip (v2 fares, else v1); repeat for several feeds")]
        public string[] Feeds { get; init; } = [];

        [CommandOption("--leg <LEG>")]
        [Description("FEED,ROUTE_ID,FROM_STOP_ID,TO_STOP_ID,DEPARTURE,ARRIVAL (ISO-8601 with offset, required); repeat per leg, in order")]
        public string[] Legs { get; init; } = [];

        [CommandOption("--rider <CATEGORY>")]
        [Description("rider_category_id (default: each feed's default category)")]
        public string? Rider { get; init; }

        [CommandOption("--media-type <N>")]
        [Description("fare_media_type 0-4 (0 cash, 1 paper, 2 card, 3 contactless bank card, 4 app); default any")]
        public int? MediaType { get; init; }

        public override ValidationResult Validate() =>
            Feeds.Length == 0 || Legs.Length is 0 or > FareCalculator.MaxLegs || MediaType is < 0 or > 4
                ? ValidationResult.Error($"at least one --feed, 1 to {FareCalculator.MaxLegs} --leg; --media-type in 0-4")
                : ValidationResult.Success();
    }

    /// <summary>A fare depends on the local time: a leg's times carry their offset (Z or +hh:mm).</summary>
    private static bool HasOffset(string time) =>
        time.EndsWith('Z') || (time.Length > 6 && time[^6] is '+' or '-' && time[^3] == ':');

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        try
        {
            var feeds = new List<FareFeed>();
            foreach (var f in settings.Feeds)
            {
                var eq = f.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    Console.Error.WriteLine($"refused: --feed '{f}': ID=PATH");
                    return 2;
                }

                feeds.Add(FareFeedReader.Read(f[(eq + 1)..], f[..eq]));
            }

            var legs = new List<FareLeg>();
            foreach (var l in settings.Legs)
            {
                var p = l.Split(',');
                if (p.Length != 6 || p.Take(4).Any(x => x.Length == 0) || !HasOffset(p[4]) || !HasOffset(p[5])
                    || !DateTimeOffset.TryParse(p[4], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dep)
                    || !DateTimeOffset.TryParse(p[5], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var arr) || arr < dep)
                {
                    Console.Error.WriteLine($"refused: --leg '{l}': FEED,ROUTE_ID,FROM_STOP_ID,TO_STOP_ID,DEPARTURE,ARRIVAL with offsets and arrival not before departure");
                    return 2;
                }

                legs.Add(new FareLeg(p[0], p[1], p[2], p[3], dep, arr));
            }

            var quote = new FareCalculator(feeds).Price(legs, new FareRequest(settings.Rider, settings.MediaType));
            foreach (var leg in quote.Legs)
            {
                var products = string.Join(" + ", leg.Products.Select(u => $"{u.Kind.ToString().ToLowerInvariant()} {u.ProductId} {u.Amount}"));
                Console.Out.WriteLine($"leg {leg.Leg} {leg.FeedId,-10} {leg.Amount,8} {leg.Currency ?? "?"}  {products}");
            }

            foreach (var note in quote.Notes)
            {
                Console.Out.WriteLine("note: " + note);
            }

            Console.Out.WriteLine(quote.Total is { } total ? $"total {total} ({total.Amount} minor units)" : "total unknown");
            return quote.Total is null ? 3 : 0;
        }
        catch (TicketingInputException ex)
        {
            Console.Error.WriteLine("refused: " + ex.Message);
            return 2;
        }
    }
}
