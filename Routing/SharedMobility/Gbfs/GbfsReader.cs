using System.Collections.Immutable;
using System.Text.Json;

namespace Mobility.Routing.SharedMobility.Gbfs;

/// <summary>The outcome of one load: a snapshot when nothing was rejected, and every problem found.</summary>
public sealed record GbfsLoadResult(GbfsSnapshot? Snapshot, ImmutableArray<GbfsProblem> Errors, ImmutableArray<GbfsProblem> Warnings, DateTimeOffset LoadedAt)
{
    public bool Succeeded => Snapshot is not null && Errors.IsEmpty;
}

/// <summary>Options of a load: the language to pick in a 2.x discovery, and the freshness policy.</summary>
public sealed record GbfsReadOptions(string? PreferredLanguage = null, GbfsFreshnessPolicy? Freshness = null)
{
    public static readonly GbfsReadOptions Default = new();

    /// <summary>Files of any age are read; the consumer judges staleness itself (a planner at query time).</summary>
    public static readonly GbfsReadOptions AnyAge = new(Freshness: GbfsFreshnessPolicy.Ignore);
}

/// <summary>
/// Reads a whole GBFS system (2.0-2.3 or 3.0) from a source into one normalized <see cref="GbfsSnapshot"/>. Every file
/// is checked (version, required fields, types, ranges, freshness against the <see cref="TimeProvider"/>); any error
/// rejects the load, so a consumer never mixes a bad file into a good state.
/// </summary>
public static class GbfsReader
{
    public const long MaxFileBytes = 64L << 20;

    /// <summary>Every feed this reader parses, in the order it reads them.</summary>
    public static readonly ImmutableArray<string> KnownFeeds =
    [
        "system_information", "vehicle_types", "station_information", "station_status", "vehicle_status",
        "free_bike_status", "system_pricing_plans", "geofencing_zones",
    ];

    public static Task<GbfsLoadResult> ReadFolderAsync(string directory, TimeProvider time, GbfsReadOptions? options = null, CancellationToken cancellationToken = default) =>
        ReadAsync(new GbfsFolderSource(directory), time, options, cancellationToken);

    public static async Task<GbfsLoadResult> ReadAsync(IGbfsSource source, TimeProvider time, GbfsReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(time);
        options ??= GbfsReadOptions.Default;
        var now = time.GetUtcNow();
        var errors = new List<GbfsProblem>();
        var warnings = new List<GbfsProblem>();
        var load = new Load(source, options, now, errors, warnings);
        GbfsSnapshot? snapshot = null;
        try
        {
            snapshot = await load.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (GbfsFormatException e)
        {
            errors.Add(e.Problem);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or UnauthorizedAccessException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            errors.Add(new GbfsProblem(source.Location, string.Empty, e.Message));
        }

        return new GbfsLoadResult(errors.Count == 0 ? snapshot : null, [.. errors], [.. warnings], now);
    }

    internal static JsonDocument ParseJson(string name, string json)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new GbfsFormatException(name + ".json", $"line {(e.LineNumber ?? 0) + 1}", "malformed JSON: " + e.Message);
        }
    }

    private sealed class Load(IGbfsSource source, GbfsReadOptions options, DateTimeOffset now, List<GbfsProblem> errors, List<GbfsProblem> warnings)
    {
        private readonly GbfsFreshnessPolicy _freshness = options.Freshness ?? GbfsFreshnessPolicy.Default;
        private readonly Dictionary<string, GbfsFeedInfo> _infos = new(StringComparer.Ordinal);
        private readonly List<JsonDocument> _documents = [];
        private GbfsVersion? _version;
        private string _language = "en";

        public async Task<GbfsSnapshot?> RunAsync(CancellationToken ct)
        {
            try
            {
                return await RunCoreAsync(ct).ConfigureAwait(false);
            }
            finally
            {
                foreach (var d in _documents)
                {
                    d.Dispose();
                }
            }
        }

        private async Task<GbfsSnapshot?> RunCoreAsync(CancellationToken ct)
        {
            var urls = ImmutableDictionary<string, Uri>.Empty;
            var discoveryText = await source.ReadDiscoveryAsync(ct).ConfigureAwait(false);
            if (discoveryText is not null)
            {
                var f = Open("gbfs", discoveryText);
                var discovery = GbfsDiscovery.Parse(f, options.PreferredLanguage, warnings);
                _version = discovery.Version;
                _language = discovery.Language ?? _language;
                urls = discovery.Feeds;
            }

            var names = urls.Keys.Concat(source.ExtraFeeds(KnownFeeds)).ToHashSet(StringComparer.Ordinal);
            async Task<GbfsFile?> Feed(string name)
            {
                if (!names.Contains(name))
                {
                    return null;
                }

                var text = await source.ReadFeedAsync(name, urls.GetValueOrDefault(name), ct).ConfigureAwait(false);
                return text is null ? null : Open(name, text);
            }

            var systemFile = await Feed("system_information").ConfigureAwait(false)
                ?? throw new GbfsFormatException("system_information.json", "$", "missing: system_information is required");
            var system = GbfsSystem.Parse(systemFile, warnings);
            if (discoveryText is null || _version?.IsV3 == true)
            {
                _language = system.Languages[0];
            }

            var vehicleTypes = await Feed("vehicle_types").ConfigureAwait(false) is { } vt ? GbfsVehicleType.ParseAll(vt) : ImmutableDictionary<VehicleTypeId, GbfsVehicleType>.Empty;
            var stations = await Feed("station_information").ConfigureAwait(false) is { } si ? GbfsStation.ParseInformation(si) : [];
            var status = await Feed("station_status").ConfigureAwait(false) is { } ss ? GbfsStationStatus.ParseAll(ss) : null;
            var vehicleFeed = _version?.IsV3 == true || systemFile.Version.IsV3 ? "vehicle_status" : "free_bike_status";
            var vehicles = await Feed(vehicleFeed).ConfigureAwait(false) is { } vs ? GbfsVehicle.ParseAll(vs) : [];
            var plans = await Feed("system_pricing_plans").ConfigureAwait(false) is { } pp ? GbfsPricingPlan.ParseAll(pp) : ImmutableDictionary<PricingPlanId, GbfsPricingPlan>.Empty;
            var geofencing = await Feed("geofencing_zones").ConfigureAwait(false) is { } gz ? GbfsGeofencing.Parse(gz) : GbfsGeofencing.None;

            stations = MergeStatus(stations, status);
            vehicles = CheckReferences(vehicles, vehicleTypes, stations, plans, vehicleFeed);
            CheckFreshness();
            return new GbfsSnapshot(systemFile.Version, system, vehicleTypes, stations, vehicles, plans, geofencing, _infos.ToImmutableDictionary(StringComparer.Ordinal));
        }

        private GbfsFile Open(string name, string text)
        {
            var doc = ParseJson(name, text);
            _documents.Add(doc);
            var f = GbfsFile.Parse(name, doc, _version, _language);
            _version ??= f.Version;
            _infos[name] = f.Info;
            return f;
        }

        private ImmutableArray<GbfsStation> MergeStatus(ImmutableArray<GbfsStation> stations, Dictionary<string, GbfsStationStatus>? status)
        {
            if (status is null)
            {
                return stations;
            }

            var ids = stations.Select(s => s.Id.Value).ToHashSet(StringComparer.Ordinal);
            foreach (var unknown in status.Keys.Where(k => !ids.Contains(k)).Order(StringComparer.Ordinal).Take(20))
            {
                warnings.Add(new GbfsProblem("station_status.json", "stations", $"station_id '{unknown}' is not in station_information; ignored"));
            }

            return [.. stations.Select(s => status.TryGetValue(s.Id.Value, out var st) ? s with { Status = st } : s)];
        }

        private ImmutableArray<GbfsVehicle> CheckReferences(ImmutableArray<GbfsVehicle> vehicles, ImmutableDictionary<VehicleTypeId, GbfsVehicleType> types,
            ImmutableArray<GbfsStation> stations, ImmutableDictionary<PricingPlanId, GbfsPricingPlan> plans, string feed)
        {
            var stationIds = stations.Select(s => s.Id).ToHashSet();
            var file = feed + ".json";
            var list = feed == "vehicle_status" ? "vehicles" : "bikes";
            for (var i = 0; i < vehicles.Length; i++)
            {
                var v = vehicles[i];
                if (!types.IsEmpty && v.TypeId is { } t && !types.ContainsKey(t))
                {
                    throw new GbfsFormatException(file, $"{list}[{i}].vehicle_type_id", $"'{t}' is not in vehicle_types");
                }

                if (!types.IsEmpty && v.TypeId is null)
                {
                    // Required when vehicle_types.json is published.
                    throw new GbfsFormatException(file, $"{list}[{i}].vehicle_type_id", "missing: required when vehicle_types is published");
                }

                if (v.PricingPlanId is { } p && !plans.IsEmpty && !plans.ContainsKey(p))
                {
                    warnings.Add(new GbfsProblem(file, $"{list}[{i}].pricing_plan_id", $"'{p}' is not in system_pricing_plans"));
                }

                if (v.StationId is { } s && stationIds.Count > 0 && !stationIds.Contains(s))
                {
                    warnings.Add(new GbfsProblem(file, $"{list}[{i}].station_id", $"'{s}' is not in station_information"));
                }
            }

            return vehicles;
        }

        private void CheckFreshness()
        {
            foreach (var (name, info) in _infos.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (_freshness.Check(info, now) is { } problem)
                {
                    var p = new GbfsProblem(name + ".json", "last_updated", problem);
                    (GbfsFreshnessPolicy.RealtimeFeeds.Contains(name) ? errors : warnings).Add(p);
                }
            }
        }
    }
}
