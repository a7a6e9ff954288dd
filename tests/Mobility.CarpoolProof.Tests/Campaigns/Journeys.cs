using System.Globalization;
using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Geography;
using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.CarpoolProof.Tests.Campaigns;

/// <summary>Builds journeys for worked examples: local start time in Europe/Paris, places by name.</summary>
internal static class Journeys
{
    public static readonly GeoPoint Versailles = new(48.8049, 2.1204);
    public static readonly GeoPoint ParisCentre = new(48.8566, 2.3522);
    public static readonly GeoPoint ParisBatignolles = new(48.8800, 2.3000);
    public static readonly GeoPoint Cergy = new(49.0360, 2.0760);
    public static readonly GeoPoint Meaux = new(48.9600, 2.8780);
    public static readonly GeoPoint Chartres = new(48.4460, 1.4890);
    public static readonly GeoPoint Nantes = new(47.2184, -1.5536);
    public static readonly GeoPoint Reze = new(47.1900, -1.5700);
    public static readonly GeoPoint Clisson = new(47.0870, -1.2820);
    public static readonly GeoPoint Angers = new(47.4784, -0.5632);
    public static readonly GeoPoint LeMans = new(48.0061, 0.1996);
    public static readonly GeoPoint LeMansNorth = new(48.0300, 0.2100);
    public static readonly GeoPoint Cholet = new(47.0600, -0.8790);
    public static readonly GeoPoint LaRocheSurYon = new(46.6705, -1.4260);
    public static readonly GeoPoint Rennes = new(48.1170, -1.6780);
    public static readonly GeoPoint Montpellier = new(43.6108, 3.8767);
    public static readonly GeoPoint Sete = new(43.4028, 3.6929);
    public static readonly GeoPoint Lunel = new(43.6756, 4.1358);

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static DateTimeOffset Local(string localDateTime)
    {
        var dt = DateTime.ParseExact(localDateTime, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return new DateTimeOffset(dt, Paris.GetUtcOffset(dt));
    }

    public static CampaignJourney J(
        string id, string localStart, GeoPoint from, GeoPoint to, int metres, int seats = 1, string driver = "driver-1",
        ProofClass cls = ProofClass.C, bool? adult = true, string op = "operator-a", string passenger = "passenger-1")
    {
        var start = Local(localStart);
        return new CampaignJourney(id, op, cls, start, from, start.AddMinutes(30), to, metres, seats, driver, passenger,
            adult, JourneyStatus.Accepted, null);
    }

    public static JourneyEvaluation One(CampaignDocument doc, CampaignJourney j) =>
        CampaignEngine.Simulate(doc, [j]).Evaluations.Single();

    public static long Paid(CampaignDocument doc, CampaignJourney j) => One(doc, j).TotalCents;
}
