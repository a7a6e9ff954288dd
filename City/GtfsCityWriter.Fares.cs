namespace Mobility.City;

/// <summary>
/// The demo city's fares in GTFS-Fares v2 (gtfs.org reference, "Fares v2"), priced as Ile-de-France's Navigo
/// Liberte+ (2025): a tram ride EUR 1.99, a bus ride EUR 1.60, and a bus taken within 90 minutes of the start of a tram
/// or bus ride free (fare_transfer_type 0, A + AB with AB free). Tram to tram pays again, as metro to metro does there.
/// Two rider categories: adult (the default) and reduced, at half price rounded to the cent above (Navigo's "tarif
/// reduit" halves the fare).
/// </summary>
internal sealed partial class GtfsCityWriter
{
    public const string TramNetwork = "tram";
    public const string BusNetwork = "bus";

    private void WriteFares(System.IO.Compression.ZipArchive zip)
    {
        Entry(zip, "networks.txt", w =>
        {
            w.Line("network_id", "network_name");
            w.Line(TramNetwork, "Tramway");
            w.Line(BusNetwork, "Bus");
        });
        Entry(zip, "route_networks.txt", w =>
        {
            w.Line("network_id", "route_id");
            foreach (var line in _plan.Lines)
            {
                w.Line(line.IsTram ? TramNetwork : BusNetwork, line.RouteId);
            }
        });
        Entry(zip, "fare_media.txt", w =>
        {
            w.Line("fare_media_id", "fare_media_name", "fare_media_type");
            w.Line("app", "Mobility app", "4");
            w.Line("card", "Contactless card", "2");
        });
        Entry(zip, "rider_categories.txt", w =>
        {
            w.Line("rider_category_id", "rider_category_name", "is_default_fare_category");
            w.Line("adult", "Adult", "1");
            w.Line("reduced", "Reduced fare", "0");
        });
        Entry(zip, "fare_products.txt", w =>
        {
            w.Line("fare_product_id", "fare_product_name", "rider_category_id", "amount", "currency");
            w.Line("tram-single", "Tram ride", "adult", "1.99", "EUR");
            w.Line("tram-single", "Tram ride, reduced fare", "reduced", "1.00", "EUR");
            w.Line("bus-single", "Bus ride", "adult", "1.60", "EUR");
            w.Line("bus-single", "Bus ride, reduced fare", "reduced", "0.80", "EUR");
            w.Line("connection", "Free connection", "", "0.00", "EUR");
        });
        Entry(zip, "fare_leg_rules.txt", w =>
        {
            w.Line("leg_group_id", "network_id", "fare_product_id");
            w.Line("tram-ride", TramNetwork, "tram-single");
            w.Line("bus-ride", BusNetwork, "bus-single");
        });
        Entry(zip, "fare_transfer_rules.txt", w =>
        {
            w.Line("from_leg_group_id", "to_leg_group_id", "transfer_count", "duration_limit", "duration_limit_type", "fare_transfer_type", "fare_product_id");
            w.Line("tram-ride", "bus-ride", "", "5400", "1", "0", "connection");
            w.Line("bus-ride", "bus-ride", "-1", "5400", "1", "0", "connection");
        });
    }
}
