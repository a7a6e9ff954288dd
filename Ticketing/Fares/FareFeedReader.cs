using System.Text.RegularExpressions;

namespace Mobility.Ticketing.Fares;

/// <summary>
/// Reads the fare tables of a GTFS feed (folder or zip): GTFS-Fares v2 and v1, and what matching needs from routes,
/// stops, areas and calendars. A malformed table refuses the feed with its file, line and field; references are
/// checked (a leg rule naming no product, a transfer rule naming no leg group, a fare rule naming no fare).
/// </summary>
public static partial class FareFeedReader
{
    private const int MaxServiceSpanDays = 3_700;

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();

    public static FareFeed Read(string path, string feedId)
    {
        if (string.IsNullOrWhiteSpace(feedId) || feedId.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("A feed id is non-empty and has no ':'.", nameof(feedId));
        }

        using var source = FareSource.Open(path);
        var zone = AgencyZone(source);
        var routeNetwork = RouteNetworks(source);
        var (stopZone, stopAreas, stopTimeZone) = Stops(source);
        var media = Media(source);
        var (categories, defaultCategory) = RiderCategories(source);
        var products = Products(source, media, categories);
        var (legRules, hasPriority) = LegRules(source, products);
        var timeframes = Timeframes(source);
        foreach (var rule in legRules)
        {
            foreach (var (group, field) in new[] { (rule.FromTimeframe, "from_timeframe_group_id"), (rule.ToTimeframe, "to_timeframe_group_id") })
            {
                if (group is not null && !timeframes.ContainsKey(group))
                {
                    throw new TicketingInputException("fare_leg_rules.txt", rule.Line, field, $"no timeframe group '{group}' in timeframes.txt");
                }
            }
        }

        var attributes = Attributes(source);
        return new FareFeed
        {
            FeedId = feedId,
            TimeZone = zone,
            RouteNetwork = routeNetwork,
            StopAreas = stopAreas,
            StopZone = stopZone,
            StopTimeZone = stopTimeZone,
            ServiceDays = timeframes.Count > 0 ? ServiceDays(source) : new Dictionary<string, HashSet<DateOnly>>(),
            MediaType = media,
            Products = products,
            RiderCategories = categories,
            DefaultRiderCategory = defaultCategory,
            LegRules = legRules,
            HasRulePriority = hasPriority,
            TransferRules = TransferRules(source, products, legRules),
            Timeframes = timeframes,
            JoinRules = JoinRules(source),
            Attributes = attributes,
            RulesV1 = RulesV1(source, attributes),
        };
    }

    private static TimeZoneInfo AgencyZone(FareSource source)
    {
        using var t = FareTable.Open(source, "agency.txt") ?? throw new TicketingInputException("agency.txt", 0, null, "required file missing");
        t.RequireColumns("agency_timezone");
        if (!t.Read())
        {
            throw new TicketingInputException("agency.txt", 0, null, "no agency");
        }

        var id = t.Required("agency_timezone");
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw t.Fail("agency_timezone", $"unknown IANA time zone '{id}'");
        }
    }

    private static Dictionary<string, string> RouteNetworks(FareSource source)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var routes = new HashSet<string>(StringComparer.Ordinal);
        using (var t = FareTable.Open(source, "routes.txt"))
        {
            if (t is not null)
            {
                t.RequireColumns("route_id");
                while (t.Read())
                {
                    var route = t.Required("route_id");
                    routes.Add(route);
                    if (t.Optional("network_id") is { } network)
                    {
                        map[route] = network;
                    }
                }
            }
        }

        using (var t = FareTable.Open(source, "route_networks.txt"))
        {
            if (t is not null)
            {
                t.RequireColumns("network_id", "route_id");
                while (t.Read())
                {
                    var route = t.Required("route_id");
                    if (!routes.Contains(route))
                    {
                        throw t.Fail("route_id", $"no route '{route}' in routes.txt");
                    }

                    if (!map.TryAdd(route, t.Required("network_id")))
                    {
                        throw t.Fail("route_id", $"route '{route}' already has a network (routes.network_id or an earlier row)");
                    }
                }
            }
        }

        return map;
    }

    private static (Dictionary<string, string> Zones, Dictionary<string, string[]> Areas, Dictionary<string, TimeZoneInfo> TimeZones) Stops(FareSource source)
    {
        var zones = new Dictionary<string, string>(StringComparer.Ordinal);
        var timeZones = new Dictionary<string, TimeZoneInfo>(StringComparer.Ordinal);
        var known = new Dictionary<string, TimeZoneInfo>(StringComparer.Ordinal);
        using (var t = FareTable.Open(source, "stops.txt"))
        {
            if (t is not null)
            {
                t.RequireColumns("stop_id");
                while (t.Read())
                {
                    var stop = t.Required("stop_id");
                    if (t.Optional("zone_id") is { } zone)
                    {
                        zones[stop] = zone;
                    }

                    if (t.Optional("stop_timezone") is { } tz)
                    {
                        if (!known.TryGetValue(tz, out var info))
                        {
                            try
                            {
                                known[tz] = info = TimeZoneInfo.FindSystemTimeZoneById(tz);
                            }
                            catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
                            {
                                throw t.Fail("stop_timezone", $"unknown IANA time zone '{tz}'");
                            }
                        }

                        timeZones[stop] = info;
                    }
                }
            }
        }

        var areas = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        using (var t = FareTable.Open(source, "stop_areas.txt"))
        {
            if (t is not null)
            {
                t.RequireColumns("area_id", "stop_id");
                while (t.Read())
                {
                    var stop = t.Required("stop_id");
                    if (!areas.TryGetValue(stop, out var list))
                    {
                        areas[stop] = list = [];
                    }

                    list.Add(t.Required("area_id"));
                }
            }
        }

        return (zones, areas.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal), timeZones);
    }

    private static Dictionary<string, int> Media(FareSource source)
    {
        var media = new Dictionary<string, int>(StringComparer.Ordinal);
        using var t = FareTable.Open(source, "fare_media.txt");
        if (t is null)
        {
            return media;
        }

        t.RequireColumns("fare_media_id", "fare_media_type");
        while (t.Read())
        {
            var id = t.Required("fare_media_id");
            if (!media.TryAdd(id, t.Int("fare_media_type", 0, 4) ?? throw t.Fail("fare_media_type", "required value is empty")))
            {
                throw t.Fail("fare_media_id", $"duplicate fare_media_id '{id}'");
            }
        }

        return media;
    }

    private static (List<string> Categories, string? Default) RiderCategories(FareSource source)
    {
        var list = new List<string>();
        string? dflt = null;
        using var t = FareTable.Open(source, "rider_categories.txt");
        if (t is null)
        {
            return (list, null);
        }

        t.RequireColumns("rider_category_id");
        while (t.Read())
        {
            var id = t.Required("rider_category_id");
            if (list.Contains(id))
            {
                throw t.Fail("rider_category_id", $"duplicate rider_category_id '{id}'");
            }

            list.Add(id);
            if (t.Int("is_default_fare_category", 0, 1) == 1)
            {
                dflt ??= id;
            }
        }

        return (list, dflt);
    }

    private static Dictionary<string, List<FareProduct>> Products(FareSource source, Dictionary<string, int> media, List<string> categories)
    {
        var products = new Dictionary<string, List<FareProduct>>(StringComparer.Ordinal);
        using var t = FareTable.Open(source, "fare_products.txt");
        if (t is null)
        {
            return products;
        }

        t.RequireColumns("fare_product_id", "amount", "currency");
        while (t.Read())
        {
            var id = t.Required("fare_product_id");
            var currency = t.Required("currency");
            if (!CurrencyPattern().IsMatch(currency))
            {
                throw t.Fail("currency", $"an ISO 4217 code, not '{currency}'");
            }

            var amountText = t.Required("amount");
            if (!Money.TryParseMinor(amountText, currency, allowNegative: true, out var amount))
            {
                throw t.Fail("amount", $"a {currency} amount with at most {Money.Exponent(currency)} decimals, not '{amountText}'");
            }

            var category = t.Optional("rider_category_id");
            if (category is not null && !categories.Contains(category))
            {
                throw t.Fail("rider_category_id", $"no rider category '{category}' in rider_categories.txt");
            }

            var medium = t.Optional("fare_media_id");
            if (medium is not null && !media.ContainsKey(medium))
            {
                throw t.Fail("fare_media_id", $"no fare medium '{medium}' in fare_media.txt");
            }

            if (!products.TryGetValue(id, out var rows))
            {
                products[id] = rows = [];
            }

            if (rows.Exists(r => r.RiderCategory == category && r.Media == medium))
            {
                throw t.Fail("fare_product_id", $"duplicate product '{id}' for the same rider category and medium");
            }

            rows.Add(new FareProduct(id, t.Optional("fare_product_name") ?? id, category, medium, amount, currency, Duration(t)));
        }

        return products;
    }

    /// <summary>The product's duration columns (GTFS-Fares v2 full proposal): all or none; amount 1-3660.</summary>
    private static ProductDuration? Duration(FareTable t)
    {
        var amount = t.Int("duration_amount", 1, 3_660);
        var unit = t.Int("duration_unit", 0, 6);
        var kind = t.Int("duration_type", 1, 2);
        if (amount is null && unit is null && kind is null)
        {
            return null;
        }

        if (amount is null || unit is null)
        {
            throw t.Fail(amount is null ? "duration_amount" : "duration_unit", "a product with a duration needs both duration_amount and duration_unit");
        }

        return new ProductDuration(amount.Value, (DurationUnit)unit.Value, (DurationKind)(kind ?? 1));
    }

    private static (List<FareLegRule> Rules, bool HasPriority) LegRules(FareSource source, Dictionary<string, List<FareProduct>> products)
    {
        var rules = new List<FareLegRule>();
        using var t = FareTable.Open(source, "fare_leg_rules.txt");
        if (t is null)
        {
            return (rules, false);
        }

        t.RequireColumns("fare_product_id");
        var hasPriority = t.HasColumn("rule_priority");
        while (t.Read())
        {
            var product = t.Required("fare_product_id");
            if (!products.ContainsKey(product))
            {
                throw t.Fail("fare_product_id", $"no product '{product}' in fare_products.txt");
            }

            rules.Add(new FareLegRule(t.Line, t.Optional("leg_group_id"), t.Optional("network_id"), t.Optional("from_area_id"),
                t.Optional("to_area_id"), t.Optional("from_timeframe_group_id"), t.Optional("to_timeframe_group_id"), product,
                t.Int("rule_priority", 0, int.MaxValue) ?? 0));
        }

        return (rules, hasPriority);
    }

    private static List<FareTransferRule> TransferRules(FareSource source, Dictionary<string, List<FareProduct>> products, List<FareLegRule> legRules)
    {
        var rules = new List<FareTransferRule>();
        using var t = FareTable.Open(source, "fare_transfer_rules.txt");
        if (t is null)
        {
            return rules;
        }

        var groups = legRules.Select(r => r.LegGroup).OfType<string>().ToHashSet(StringComparer.Ordinal);
        t.RequireColumns("fare_transfer_type");
        while (t.Read())
        {
            var from = t.Optional("from_leg_group_id");
            var to = t.Optional("to_leg_group_id");
            foreach (var (group, field) in new[] { (from, "from_leg_group_id"), (to, "to_leg_group_id") })
            {
                if (group is not null && !groups.Contains(group))
                {
                    throw t.Fail(field, $"no leg group '{group}' in fare_leg_rules.txt");
                }
            }

            var product = t.Optional("fare_product_id");
            if (product is not null && !products.ContainsKey(product))
            {
                throw t.Fail("fare_product_id", $"no product '{product}' in fare_products.txt");
            }

            var count = t.Int("transfer_count", -1, 1_000);
            if (count == 0)
            {
                throw t.Fail("transfer_count", "-1 (no limit) or a positive count, not 0");
            }

            if (count is not null && from != to)
            {
                throw t.Fail("transfer_count", "forbidden when from_leg_group_id differs from to_leg_group_id");
            }

            var duration = t.Int("duration_limit", 1, int.MaxValue);
            var durationType = t.Int("duration_limit_type", 0, 3);
            if (duration is not null && durationType is null)
            {
                throw t.Fail("duration_limit_type", "required with duration_limit");
            }

            var type = t.Int("fare_transfer_type", 0, 2) ?? throw t.Fail("fare_transfer_type", "required value is empty");
            rules.Add(new FareTransferRule(t.Line, from, to, product, count, duration, durationType ?? 0, type));
        }

        return rules;
    }

    private static Dictionary<string, List<Timeframe>> Timeframes(FareSource source)
    {
        var map = new Dictionary<string, List<Timeframe>>(StringComparer.Ordinal);
        using var t = FareTable.Open(source, "timeframes.txt");
        if (t is null)
        {
            return map;
        }

        t.RequireColumns("timeframe_group_id", "service_id");
        while (t.Read())
        {
            var group = t.Required("timeframe_group_id");
            var start = t.Time("start_time");
            var end = t.Time("end_time");
            if ((start is null) != (end is null))
            {
                throw t.Fail(start is null ? "start_time" : "end_time", "start_time and end_time are given together or not at all");
            }

            if (start >= end)
            {
                throw t.Fail("end_time", "end_time must be after start_time");
            }

            if (!map.TryGetValue(group, out var list))
            {
                map[group] = list = [];
            }

            list.Add(new Timeframe(group, start ?? TimeSpan.Zero, end ?? TimeSpan.FromHours(24), t.Required("service_id")));
        }

        return map;
    }

    private static Dictionary<string, HashSet<DateOnly>> ServiceDays(FareSource source)
    {
        var days = new Dictionary<string, HashSet<DateOnly>>(StringComparer.Ordinal);
        string[] weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
        using (var t = FareTable.Open(source, "calendar.txt"))
        {
            if (t is not null)
            {
                t.RequireColumns(["service_id", "start_date", "end_date", .. weekdays]);
                while (t.Read())
                {
                    var id = t.Required("service_id");
                    var start = t.Date("start_date");
                    var end = t.Date("end_date");
                    if (end < start || end.DayNumber - start.DayNumber > MaxServiceSpanDays)
                    {
                        throw t.Fail("end_date", $"must be after start_date and within {MaxServiceSpanDays} days of it");
                    }

                    var runs = weekdays.Select(d => t.Int(d, 0, 1) ?? throw t.Fail(d, "required value is empty")).ToArray();
                    var set = days.TryGetValue(id, out var s) ? s : days[id] = [];
                    for (var d = start; d <= end; d = d.AddDays(1))
                    {
                        if (runs[(int)d.DayOfWeek] == 1)
                        {
                            set.Add(d);
                        }
                    }
                }
            }
        }

        using (var t = FareTable.Open(source, "calendar_dates.txt"))
        {
            if (t is not null)
            {
                t.RequireColumns("service_id", "date", "exception_type");
                while (t.Read())
                {
                    var id = t.Required("service_id");
                    var date = t.Date("date");
                    var type = t.Int("exception_type", 1, 2) ?? throw t.Fail("exception_type", "required value is empty");
                    var set = days.TryGetValue(id, out var s) ? s : days[id] = [];
                    if (type == 1)
                    {
                        set.Add(date);
                    }
                    else
                    {
                        set.Remove(date);
                    }
                }
            }
        }

        return days;
    }

    private static List<FareLegJoinRule> JoinRules(FareSource source)
    {
        var rules = new List<FareLegJoinRule>();
        using var t = FareTable.Open(source, "fare_leg_join_rules.txt");
        if (t is null)
        {
            return rules;
        }

        t.RequireColumns("from_network_id", "to_network_id");
        while (t.Read())
        {
            var fromStop = t.Optional("from_stop_id");
            var toStop = t.Optional("to_stop_id");
            if ((fromStop is null) != (toStop is null))
            {
                throw t.Fail(fromStop is null ? "from_stop_id" : "to_stop_id", "from_stop_id and to_stop_id are given together");
            }

            rules.Add(new FareLegJoinRule(t.Required("from_network_id"), t.Required("to_network_id"), fromStop, toStop));
        }

        return rules;
    }

    private static List<FareAttribute> Attributes(FareSource source)
    {
        var list = new List<FareAttribute>();
        using var t = FareTable.Open(source, "fare_attributes.txt");
        if (t is null)
        {
            return list;
        }

        t.RequireColumns("fare_id", "price", "currency_type", "payment_method");
        while (t.Read())
        {
            var id = t.Required("fare_id");
            if (list.Exists(a => a.Id == id))
            {
                throw t.Fail("fare_id", $"duplicate fare_id '{id}'");
            }

            var currency = t.Required("currency_type");
            if (!CurrencyPattern().IsMatch(currency))
            {
                throw t.Fail("currency_type", $"an ISO 4217 code, not '{currency}'");
            }

            var priceText = t.Required("price");
            if (!Money.TryParseMinor(priceText, currency, allowNegative: false, out var price))
            {
                throw t.Fail("price", $"a non-negative {currency} amount with at most {Money.Exponent(currency)} decimals, not '{priceText}'");
            }

            _ = t.Int("payment_method", 0, 1) ?? throw t.Fail("payment_method", "required value is empty");
            if (!t.HasColumn("transfers"))
            {
                throw new TicketingInputException("fare_attributes.txt", 1, "transfers", "required column missing (empty means unlimited)");
            }

            list.Add(new FareAttribute(id, price, currency, t.Int("transfers", 0, 2), t.Int("transfer_duration", 0, int.MaxValue)));
        }

        return list;
    }

    private static Dictionary<string, List<FareRuleV1>> RulesV1(FareSource source, List<FareAttribute> attributes)
    {
        var map = new Dictionary<string, List<FareRuleV1>>(StringComparer.Ordinal);
        using var t = FareTable.Open(source, "fare_rules.txt");
        if (t is null)
        {
            return map;
        }

        var ids = attributes.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        t.RequireColumns("fare_id");
        while (t.Read())
        {
            var id = t.Required("fare_id");
            if (!ids.Contains(id))
            {
                throw t.Fail("fare_id", $"no fare '{id}' in fare_attributes.txt");
            }

            if (!map.TryGetValue(id, out var list))
            {
                map[id] = list = [];
            }

            list.Add(new FareRuleV1(id, t.Optional("route_id"), t.Optional("origin_id"), t.Optional("destination_id"), t.Optional("contains_id")));
        }

        return map;
    }
}
