namespace Mobility.Node.Configuration;

/// <summary>The validated settings of one node (see docs/operations.md for each key).</summary>
public sealed record NodeSettings(
    Uri HttpUrl,
    string DataFolder,
    StorageSettings Storage,
    ClusterSettings Cluster,
    CitySettings City,
    AuthSettings Auth)
{
    public FeedSettings Feeds { get; init; } = new(FeedSettings.DefaultRealtimeInterval);

    /// <summary>Origins whose pages may call the API from a browser (CORS); none by default (the node's own /ui/ is same-origin).</summary>
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    public RateLimitSettings RateLimits { get; init; } = new(RateLimitSettings.DefaultPlanPerMinute, RateLimitSettings.DefaultAccountsPerMinute);

    /// <summary>The demo city is in Ile-de-France's zone and currency: its accounts are capped as Navigo Liberte+ caps.</summary>
    public const string DefaultCapScheme = "navigo-2025";

    /// <summary>How the taps of travelers' accounts are capped (<c>Mobility:Ticketing:CapScheme</c>).</summary>
    public Mobility.Ticketing.Capping.CapScheme CapScheme { get; init; } = Mobility.Ticketing.Capping.CapSchemes.Shipped(DefaultCapScheme);

    /// <summary>Capped days are spread over their rides pro rata to each ride's fare alone (TICKETING.md, formula 4).</summary>
    public const string DefaultClearingPolicy = "standalone-fare-1.0.0";

    /// <summary>How clearing shares revenue between operators (<c>Mobility:Ticketing:ClearingPolicy</c>), with its published bytes.</summary>
    public (Mobility.Ticketing.Clearing.ApportionmentPolicy Policy, byte[] Bytes) ClearingPolicy { get; init; } =
        (Mobility.Ticketing.Clearing.ApportionmentPolicy.Shipped(DefaultClearingPolicy), Mobility.Ticketing.Clearing.ApportionmentPolicy.ShippedBytes(DefaultClearingPolicy));
}

/// <summary>
/// How often GTFS-RT feeds are polled (GBFS follows each file's ttl), and whether feeds may live on loopback, private or
/// link-local addresses (off by default: see <c>Feeds/FeedTargets</c>).
/// </summary>
public sealed record FeedSettings(TimeSpan RealtimeInterval, bool AllowPrivateTargets = false)
{
    public static readonly TimeSpan DefaultRealtimeInterval = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Requests per minute and client IP on the open endpoints: <c>/plan</c> (compute-heavy) and account creation with
/// token exchange (<c>/travelers</c>, <c>/auth/token</c>, a guessing target). 0 turns a limit off.
/// </summary>
public sealed record RateLimitSettings(int PlanPerMinute, int AccountsPerMinute)
{
    public const int DefaultPlanPerMinute = 120;
    public const int DefaultAccountsPerMinute = 10;
}

public enum StorageProvider
{
    Sqlite = 1,
    Postgres = 2,
}

/// <summary>Where events are stored. For SQLite, <see cref="SqliteFile"/> is the absolute path of the database file.</summary>
public sealed record StorageSettings(StorageProvider Provider, string ConnectionString, string? SqliteFile)
{
    /// <summary>The linq2db provider name Akka.Persistence.Sql needs.</summary>
    public string LinqToDbProvider => Provider == StorageProvider.Sqlite ? LinqToDB.ProviderName.SQLiteMS : LinqToDB.ProviderName.PostgreSQL15;
}

/// <summary>Akka.Remote endpoint and how the node finds its cluster. No seed nodes: the node forms a cluster of one.</summary>
public sealed record ClusterSettings(string Host, int Port, IReadOnlyList<string> SeedNodes)
{
    public const string SystemName = "mobility";

    /// <summary>Akka's own default for the split-brain resolver's stable-after.</summary>
    public static readonly TimeSpan DefaultDownUnreachableAfter = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The split-brain resolver's (keep-majority) stable-after: once membership has been stable this long with a
    /// member unreachable, the majority side downs it, and its shards and singletons move to the survivors.
    /// </summary>
    public TimeSpan DownUnreachableAfter { get; init; } = DefaultDownUnreachableAfter;

    /// <summary>Akka.Management's Cluster Bootstrap instead of seed nodes (never both); null when not configured.</summary>
    public BootstrapSettings? Bootstrap { get; init; }
}

/// <summary>Where Cluster Bootstrap looks for the other nodes' contact points.</summary>
public enum DiscoveryMethod
{
    /// <summary>A fixed list of contact points (host:port of each node's HTTP endpoint) in the settings.</summary>
    Config = 1,

    /// <summary>The pods the Kubernetes API lists under a label selector, at their container port named <see cref="BootstrapSettings.PortName"/>.</summary>
    KubernetesApi = 2,
}

/// <summary>
/// Cluster Bootstrap (docs/operations.md): contact points found through discovery are probed over HTTP; a node joins
/// the cluster a contact point reports, or, when none has one and at least <see cref="RequiredContactPoints"/> answered
/// and discovery has been stable for <see cref="StableMargin"/>, the node with the lowest contact point forms it.
/// </summary>
public sealed record BootstrapSettings(DiscoveryMethod Discovery, string ServiceName, int RequiredContactPoints, TimeSpan StableMargin)
{
    public const string DefaultServiceName = "mobility";

    /// <summary>Akka.Management's defaults: two contact points, stable for five seconds.</summary>
    public const int DefaultRequiredContactPoints = 2;

    public static readonly TimeSpan DefaultStableMargin = TimeSpan.FromSeconds(5);

    public const string DefaultPortName = "http";

    /// <summary>Config discovery: every node's HTTP endpoint as host:port.</summary>
    public IReadOnlyList<string> ContactPoints { get; init; } = [];

    /// <summary>Kubernetes API discovery: the pods' label selector (default app=SERVICE).</summary>
    public string PodLabelSelector { get; init; } = "app=" + DefaultServiceName;

    /// <summary>Kubernetes API discovery: the name of the container port serving the node's HTTP endpoint.</summary>
    public string PortName { get; init; } = DefaultPortName;
}

/// <summary>The feeds the node loads at start; none configured means the built-in demo city.</summary>
public sealed record CitySettings(IReadOnlyList<string> Gtfs, string? Osm, IReadOnlyList<string> Gbfs, string DemoSize, int DemoSeed)
{
    /// <summary>GTFS-RT TripUpdates feeds (http(s) URLs or local files) applied to the timetable; polled by the cluster once.</summary>
    public IReadOnlyList<Uri> GtfsRealtime { get; init; } = [];

    public bool UsesDemo => Gtfs.Count == 0 && Osm is null && Gbfs.Count == 0;
}

/// <summary>
/// Token secret and API keys. No secret configured: the node keeps a random one in <c>&lt;data&gt;/token-secret</c>
/// (fine for one node; a cluster sets the same secret on every node so any node accepts any node's tokens).
/// </summary>
public sealed record AuthSettings(byte[]? TokenSecret, IReadOnlyList<Mobility.Node.Security.ApiKeyEntry> ApiKeys);
