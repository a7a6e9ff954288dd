using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Mobility.Node.Configuration;

/// <summary>
/// Reads and validates the <c>Mobility</c> configuration section (appsettings.json, <c>MOBILITY__...</c> environment
/// variables, <c>serve</c> options). Every problem is a <see cref="StartupException"/> naming the setting; nothing
/// here touches the disk except to resolve paths.
/// </summary>
public static partial class NodeSettingsReader
{
    public const string Section = "Mobility";
    public const string DefaultHttpUrl = "http://127.0.0.1:5080";
    public const int DefaultClusterPort = 4053;
    public const int MaxSeedNodes = 16;
    public const int MaxFeeds = 32;
    public const int MaxApiKeys = 1000;

    /// <summary>Every key the node understands, relative to <see cref="Section"/>; a '*' segment is a list index.</summary>
    public static readonly IReadOnlyList<string> KnownKeys =
    [
        "Http:Url",
        "Http:CorsOrigins",
        "Http:CorsOrigins:*",
        "DataFolder",
        "Storage:Provider",
        "Storage:ConnectionString",
        "Cluster:Host",
        "Cluster:Port",
        "Cluster:SeedNodes",
        "Cluster:SeedNodes:*",
        "Cluster:DownUnreachableAfter",
        "Cluster:Bootstrap:Discovery",
        "Cluster:Bootstrap:ServiceName",
        "Cluster:Bootstrap:ContactPoints",
        "Cluster:Bootstrap:ContactPoints:*",
        "Cluster:Bootstrap:RequiredContactPoints",
        "Cluster:Bootstrap:StableMargin",
        "Cluster:Bootstrap:PodLabelSelector",
        "Cluster:Bootstrap:PortName",
        "City:Gtfs",
        "City:Gtfs:*",
        "City:Osm",
        "City:Gbfs",
        "City:Gbfs:*",
        "City:GtfsRealtime",
        "City:GtfsRealtime:*",
        "City:DemoSize",
        "City:DemoSeed",
        "Auth:TokenSecret",
        "Auth:ApiKeys",
        "Auth:ApiKeys:*",
        "Carpool:Territory",
        "Feeds:GtfsRealtimeIntervalSeconds",
        "Feeds:AllowPrivateTargets",
        "RateLimits:PlanPerMinute",
        "RateLimits:AccountsPerMinute",
        "Ticketing:CapScheme",
        "Ticketing:ClearingPolicy",
    ];

    /// <summary>The demo city sizes, smallest first (Mobility.Simulation's presets).</summary>
    public static readonly IReadOnlyList<string> DemoSizes = Mobility.City.CitySpec.PresetNames;

    /// <summary>The default demo city: a town (about 260 stops, 20 lines) is generated in a few seconds, once.</summary>
    public const string DefaultDemoSize = "town";

    public static NodeSettings Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        RejectUnknownKeys(section);
        if (section["Carpool:Territory"] is { } territory && !Security.Tenant.IsValid(territory))
        {
            throw new StartupException(Section + ":Carpool:Territory", $"'{territory}' is not a territory id (2-63 of a-z, 0-9 and inner '-').");
        }

        var http = ReadHttpUrl(section);
        var dataFolder = ReadDataFolder(section);
        var storage = ReadStorage(section, dataFolder);
        var cluster = ReadCluster(section, http);
        var city = ReadCity(section);
        var auth = ReadAuth(section);
        return new NodeSettings(http, dataFolder, storage, cluster, city, auth)
        {
            CorsOrigins = ReadCorsOrigins(section),
            Feeds = new FeedSettings(
                TimeSpan.FromSeconds(ReadInt(section, "Feeds:GtfsRealtimeIntervalSeconds", 1, 3600, (int)FeedSettings.DefaultRealtimeInterval.TotalSeconds)),
                ReadBool(section, "Feeds:AllowPrivateTargets", false)),
            RateLimits = new RateLimitSettings(
                ReadInt(section, "RateLimits:PlanPerMinute", 0, 1_000_000, RateLimitSettings.DefaultPlanPerMinute),
                ReadInt(section, "RateLimits:AccountsPerMinute", 0, 1_000_000, RateLimitSettings.DefaultAccountsPerMinute)),
            CapScheme = ReadCapScheme(section),
            ClearingPolicy = ReadClearingPolicy(section),
        };
    }

    /// <summary>The capping scheme of travelers' accounts: a shipped scheme's name or a scheme file (docs/ticketing.md).</summary>
    private static Mobility.Ticketing.Capping.CapScheme ReadCapScheme(IConfigurationSection section)
    {
        var text = section["Ticketing:CapScheme"] ?? NodeSettings.DefaultCapScheme;
        try
        {
            return Mobility.Ticketing.Capping.CapSchemes.Load(text);
        }
        catch (Exception ex) when (ex is Mobility.Ticketing.TicketingInputException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new StartupException(Section + ":Ticketing:CapScheme", $"'{text}': {ex.Message} (a shipped scheme: {string.Join(", ", Mobility.Ticketing.Capping.CapSchemes.Names)}, gtfs:PATH for a feed's pass products, or a scheme file).");
        }
    }

    /// <summary>The apportionment policy of clearing: a shipped policy's name or a policy file; its bytes are what is published.</summary>
    private static (Mobility.Ticketing.Clearing.ApportionmentPolicy Policy, byte[] Bytes) ReadClearingPolicy(IConfigurationSection section)
    {
        var text = section["Ticketing:ClearingPolicy"] ?? NodeSettings.DefaultClearingPolicy;
        try
        {
            var bytes = Mobility.Ticketing.Clearing.ApportionmentPolicy.ShippedNames.Contains(text)
                ? Mobility.Ticketing.Clearing.ApportionmentPolicy.ShippedBytes(text)
                : File.ReadAllBytes(text);
            return (Mobility.Ticketing.Clearing.ApportionmentPolicy.Parse(bytes, text), bytes);
        }
        catch (Exception ex) when (ex is Mobility.Ticketing.TicketingInputException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new StartupException(Section + ":Ticketing:ClearingPolicy", $"'{text}': {ex.Message} (a shipped policy: {string.Join(", ", Mobility.Ticketing.Clearing.ApportionmentPolicy.ShippedNames)}, or a policy file).");
        }
    }

    /// <summary>The default data folder: $XDG_DATA_HOME/mobility (~/.local/share/mobility), outside any repository.</summary>
    public static string DefaultDataFolder()
    {
        var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return string.IsNullOrEmpty(local) ? Path.GetFullPath("data") : Path.Combine(local, "mobility");
    }

    /// <summary>How a user sets a key: <c>Mobility:Storage:Provider</c> is env <c>MOBILITY__STORAGE__PROVIDER</c>.</summary>
    public static string EnvName(string key) => key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant();

    private static void RejectUnknownKeys(IConfigurationSection section)
    {
        foreach (var (key, value) in section.AsEnumerable(makePathsRelative: true))
        {
            if (value is null)
            {
                continue; // An intermediate section, not a setting.
            }

            var pattern = IndexSegment().Replace(key, "*");
            if (!KnownKeys.Contains(pattern, StringComparer.OrdinalIgnoreCase))
            {
                var full = $"{Section}:{key}";
                throw new StartupException(full, $"unknown setting (from appsettings.json, env {EnvName(full)} or a serve option); known settings: {string.Join(", ", KnownKeys.Where(k => !k.EndsWith('*')))}.");
            }
        }
    }

    private static Uri ReadHttpUrl(IConfigurationSection section)
    {
        const string key = Section + ":Http:Url";
        var text = section["Http:Url"] ?? DefaultHttpUrl;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || !HasExplicitPort(text)
            || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new StartupException(key, $"'{text}' is not an http URL with a host and a port, like {DefaultHttpUrl} (port 0 picks a free one).");
        }

        return uri;
    }

    private static string ReadDataFolder(IConfigurationSection section)
    {
        const string key = Section + ":DataFolder";
        var text = section["DataFolder"];
        if (text is not null && (string.IsNullOrWhiteSpace(text) || text.IndexOfAny(Path.GetInvalidPathChars()) >= 0))
        {
            throw new StartupException(key, $"'{text}' is not a folder path.");
        }

        var folder = Path.GetFullPath(text ?? DefaultDataFolder());
        if (File.Exists(folder))
        {
            throw new StartupException(key, $"'{folder}' is a file, not a folder.");
        }

        return folder;
    }

    private static StorageSettings ReadStorage(IConfigurationSection section, string dataFolder)
    {
        const string providerKey = Section + ":Storage:Provider";
        const string connectionKey = Section + ":Storage:ConnectionString";
        var providerText = section["Storage:Provider"] ?? "sqlite";
        var connection = section["Storage:ConnectionString"];
        if (connection is not null && string.IsNullOrWhiteSpace(connection))
        {
            connection = null;
        }

        switch (providerText.Trim().ToLowerInvariant())
        {
            case "sqlite":
                SqliteConnectionStringBuilder sqlite;
                try
                {
                    sqlite = new SqliteConnectionStringBuilder(connection ?? string.Empty);
                }
                catch (ArgumentException e)
                {
                    throw new StartupException(connectionKey, $"not a SQLite connection string ({e.Message}); is {providerKey}=sqlite what you meant?");
                }

                if (sqlite.Mode is SqliteOpenMode.Memory || sqlite.DataSource is ":memory:" || (connection is not null && string.IsNullOrEmpty(sqlite.DataSource)))
                {
                    throw new StartupException(connectionKey, "an in-memory or unnamed SQLite database would lose every event at shutdown; name a file (Data Source=path) or leave it unset.");
                }

                // A relative Data Source is relative to the data folder, not to wherever the node was started from.
                var file = Path.GetFullPath(string.IsNullOrEmpty(sqlite.DataSource) ? "mobility.db" : sqlite.DataSource, dataFolder);
                sqlite.DataSource = file;
                sqlite.Mode = SqliteOpenMode.ReadWrite;

                // The journal reads with READ UNCOMMITTED so that reads start deferred (Hosting/JournalTuning.cs); SQLite
                // honours that level only between connections sharing a cache, so a private cache keeps reads committed.
                sqlite.Cache = SqliteCacheMode.Private;
                return new StorageSettings(StorageProvider.Sqlite, sqlite.ConnectionString, file);

            case "postgres" or "postgresql":
                if (connection is null)
                {
                    throw new StartupException(connectionKey, $"required when {providerKey} is postgres (e.g. Host=127.0.0.1;Port=5432;Username=mobility;Password=...;Database=mobility).");
                }

                try
                {
                    var npgsql = new NpgsqlConnectionStringBuilder(connection);
                    if (string.IsNullOrEmpty(npgsql.Host) || string.IsNullOrEmpty(npgsql.Database))
                    {
                        throw new StartupException(connectionKey, "a PostgreSQL connection string needs Host and Database; is the provider right?");
                    }
                }
                catch (ArgumentException e)
                {
                    throw new StartupException(connectionKey, $"not a PostgreSQL connection string ({e.Message}); is {providerKey}=postgres what you meant?");
                }

                return new StorageSettings(StorageProvider.Postgres, connection, null);

            default:
                throw new StartupException(providerKey, $"'{providerText}' is not a storage provider; use sqlite (embedded, one node) or postgres (a cluster).");
        }
    }

    private static ClusterSettings ReadCluster(IConfigurationSection section, Uri http)
    {
        const string hostKey = Section + ":Cluster:Host";
        const string portKey = Section + ":Cluster:Port";
        const string seedsKey = Section + ":Cluster:SeedNodes";
        var host = section["Cluster:Host"] ?? "127.0.0.1";
        if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            throw new StartupException(hostKey, $"'{host}' is not a host name or IP address.");
        }

        var portText = section["Cluster:Port"];
        var port = DefaultClusterPort;
        if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535))
        {
            throw new StartupException(portKey, $"'{portText}' is not a TCP port (0-65535; 0 picks a free one).");
        }

        if (port != 0 && port == http.Port && SameHost(host, http.Host))
        {
            throw new StartupException(portKey, $"{port} is also the HTTP port of {Section}:Http:Url; the cluster needs a port of its own.");
        }

        var seeds = ReadList(section, "Cluster:SeedNodes", seedsKey, MaxSeedNodes);
        foreach (var seed in seeds)
        {
            // Akka.Remote addresses: akka.tcp://<system>@<host>:<port>.
            if (!Uri.TryCreate(seed, UriKind.Absolute, out var uri) || uri.Scheme != "akka.tcp" || uri.UserInfo != ClusterSettings.SystemName
                || uri.Port <= 0 || uri.AbsolutePath is not ("/" or ""))
            {
                throw new StartupException(seedsKey, $"'{seed}' is not a seed node address like akka.tcp://{ClusterSettings.SystemName}@127.0.0.1:{DefaultClusterPort}.");
            }
        }

        const string downKey = Section + ":Cluster:DownUnreachableAfter";
        var downText = section["Cluster:DownUnreachableAfter"];
        var downAfter = ClusterSettings.DefaultDownUnreachableAfter;
        if (downText is not null)
        {
            if (!double.TryParse(downText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) || seconds is < 1 or > 600)
            {
                throw new StartupException(downKey, $"'{downText}' is not a number of seconds from 1 to 600 (how long an unreachable member stays before the split-brain resolver downs it).");
            }

            downAfter = TimeSpan.FromSeconds(seconds);
        }

        return new ClusterSettings(host, port, seeds) { DownUnreachableAfter = downAfter, Bootstrap = ReadBootstrap(section, seeds.Count > 0) };
    }

    /// <summary>Cluster Bootstrap (<c>Cluster:Bootstrap:*</c>): null unless <c>Discovery</c> is set; never with seed nodes.</summary>
    private static BootstrapSettings? ReadBootstrap(IConfigurationSection section, bool hasSeeds)
    {
        const string prefix = Section + ":Cluster:Bootstrap:";
        var bootstrap = section.GetSection("Cluster:Bootstrap");
        var methodText = bootstrap["Discovery"];
        if (string.IsNullOrWhiteSpace(methodText))
        {
            var stray = bootstrap.AsEnumerable(makePathsRelative: true).FirstOrDefault(kv => kv.Value is not null).Key;
            return stray is null ? null : throw new StartupException(prefix + stray, $"Cluster Bootstrap is off: set {prefix}Discovery (config or kubernetes-api) or remove this setting.");
        }

        var method = methodText.Trim().ToLowerInvariant() switch
        {
            "config" => DiscoveryMethod.Config,
            "kubernetes-api" => DiscoveryMethod.KubernetesApi,
            _ => throw new StartupException(prefix + "Discovery", $"'{methodText}' is not a discovery method; use config (a list of contact points) or kubernetes-api (pods listed by label)."),
        };
        if (hasSeeds)
        {
            throw new StartupException(prefix + "Discovery", $"set together with {Section}:Cluster:SeedNodes; a node finds its cluster either through seed nodes or through Cluster Bootstrap, not both.");
        }

        var service = bootstrap["ServiceName"]?.Trim() ?? BootstrapSettings.DefaultServiceName;
        if (!DnsLabel().IsMatch(service))
        {
            throw new StartupException(prefix + "ServiceName", $"'{service}' is not a service name (1-63 of a-z, 0-9 and inner '-').");
        }

        var contactPoints = ReadList(section, "Cluster:Bootstrap:ContactPoints", prefix + "ContactPoints", MaxSeedNodes);
        foreach (var point in contactPoints)
        {
            var colon = point.LastIndexOf(':');
            if (colon <= 0 || Uri.CheckHostName(point[..colon]) == UriHostNameType.Unknown
                || !int.TryParse(point[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
            {
                throw new StartupException(prefix + "ContactPoints", $"'{point}' is not host:port (a node's HTTP endpoint, like 127.0.0.1:5080).");
            }
        }

        if (method == DiscoveryMethod.Config && contactPoints.Count == 0)
        {
            throw new StartupException(prefix + "ContactPoints", "required with config discovery: every node's HTTP endpoint as host:port, comma-separated.");
        }

        if (method == DiscoveryMethod.KubernetesApi && contactPoints.Count > 0)
        {
            throw new StartupException(prefix + "ContactPoints", "only read by config discovery; kubernetes-api finds the pods itself.");
        }

        var required = ReadInt(bootstrap, "RequiredContactPoints", 1, MaxSeedNodes, BootstrapSettings.DefaultRequiredContactPoints, prefix);
        if (method == DiscoveryMethod.Config && required > contactPoints.Count)
        {
            throw new StartupException(prefix + "RequiredContactPoints", $"{required} but only {contactPoints.Count} contact points are listed: the cluster would never form.");
        }

        var margin = BootstrapSettings.DefaultStableMargin;
        if (bootstrap["StableMargin"] is { } marginText)
        {
            if (!double.TryParse(marginText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) || seconds is < 0.5 or > 300)
            {
                throw new StartupException(prefix + "StableMargin", $"'{marginText}' is not a number of seconds from 0.5 to 300 (how long discovery must answer the same contact points before a new cluster is formed).");
            }

            margin = TimeSpan.FromSeconds(seconds);
        }

        var selector = bootstrap["PodLabelSelector"]?.Trim();
        var portName = bootstrap["PortName"]?.Trim();
        if (method == DiscoveryMethod.Config && (selector is not null || portName is not null))
        {
            throw new StartupException(prefix + (selector is not null ? "PodLabelSelector" : "PortName"), "only read by kubernetes-api discovery.");
        }

        selector ??= "app=" + service;
        if (!LabelSelector().IsMatch(selector))
        {
            throw new StartupException(prefix + "PodLabelSelector", $"'{selector}' is not a label selector like app=mobility (letters, digits and . _ - / = , ! only).");
        }

        portName ??= BootstrapSettings.DefaultPortName;
        if (!PortNameRule().IsMatch(portName) || !portName.Any(char.IsAsciiLetterLower))
        {
            throw new StartupException(prefix + "PortName", $"'{portName}' is not a container port name (1-15 of a-z, 0-9 and inner '-', at least one letter).");
        }

        return new BootstrapSettings(method, service, required, margin)
        {
            ContactPoints = contactPoints,
            PodLabelSelector = selector,
            PortName = portName,
        };
    }

    private static CitySettings ReadCity(IConfigurationSection section)
    {
        const string gtfsKey = Section + ":City:Gtfs";
        const string osmKey = Section + ":City:Osm";
        const string gbfsKey = Section + ":City:Gbfs";
        const string sizeKey = Section + ":City:DemoSize";
        const string seedKey = Section + ":City:DemoSeed";

        var gtfs = ReadList(section, "City:Gtfs", gtfsKey, MaxFeeds).Select(p => ExistingFile(gtfsKey, p)).ToList();
        var osmText = section["City:Osm"];
        var osm = string.IsNullOrWhiteSpace(osmText) ? null : ExistingFile(osmKey, osmText);
        var gbfs = ReadList(section, "City:Gbfs", gbfsKey, MaxFeeds).Select(p => GbfsSource(gbfsKey, p)).ToList();

        var sizeText = section["City:DemoSize"];
        var seedText = section["City:DemoSeed"];
        var usesDemo = gtfs.Count == 0 && osm is null && gbfs.Count == 0;
        if (!usesDemo && (sizeText is not null || seedText is not null))
        {
            throw new StartupException(sizeText is not null ? sizeKey : seedKey, "the demo city is only generated when no feeds are configured, but City:Gtfs, City:Osm or City:Gbfs is set; remove one or the other.");
        }

        var size = (sizeText ?? DefaultDemoSize).Trim().ToLowerInvariant();
        if (!DemoSizes.Contains(size))
        {
            throw new StartupException(sizeKey, $"'{sizeText}' is not a demo city size; use one of {string.Join(", ", DemoSizes)}.");
        }

        var seed = 42;
        if (seedText is not null && !int.TryParse(seedText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seed))
        {
            throw new StartupException(seedKey, $"'{seedText}' is not an integer seed.");
        }

        const string realtimeKey = Section + ":City:GtfsRealtime";
        var realtime = ReadList(section, "City:GtfsRealtime", realtimeKey, MaxFeeds).Select(p => RealtimeSource(realtimeKey, p)).ToList();
        return new CitySettings(gtfs, osm, gbfs, size, seed) { GtfsRealtime = realtime };
    }

    private static AuthSettings ReadAuth(IConfigurationSection section)
    {
        const string secretKey = Section + ":Auth:TokenSecret";
        const string keysKey = Section + ":Auth:ApiKeys";
        byte[]? secret = null;
        var secretText = section["Auth:TokenSecret"];
        if (!string.IsNullOrWhiteSpace(secretText))
        {
            try
            {
                secret = Convert.FromBase64String(secretText.Trim());
            }
            catch (FormatException)
            {
                throw new StartupException(secretKey, "not base64; create one with `openssl rand -base64 32`.");
            }

            if (secret.Length < 32)
            {
                throw new StartupException(secretKey, $"{secret.Length} bytes; at least 32 random bytes are needed (`openssl rand -base64 32`).");
            }
        }

        var keys = new List<Mobility.Node.Security.ApiKeyEntry>();
        foreach (var line in ReadList(section, "Auth:ApiKeys", keysKey, MaxApiKeys))
        {
            if (!Mobility.Node.Security.ApiKeyEntry.TryParse(line, out var entry, out var error))
            {
                throw new StartupException(keysKey, $"'{(line.Length > 40 ? line[..40] + "..." : line)}': {error}.");
            }

            if (keys.Any(k => k.KeyId == entry.KeyId))
            {
                throw new StartupException(keysKey, $"key id {entry.KeyId} appears twice.");
            }

            keys.Add(entry);
        }

        return new AuthSettings(secret, keys);
    }

    /// <summary>A list setting: array entries (Key:0, Key:1...) or one comma-separated value.</summary>
    /// <summary>Browser origins (scheme://host[:port], no path) allowed to call the API from their pages (CORS).</summary>
    private static IReadOnlyList<string> ReadCorsOrigins(IConfigurationSection section)
    {
        const string relative = "Http:CorsOrigins";
        var key = Section + ":" + relative;
        var origins = new List<string>();
        foreach (var text in ReadList(section, relative, key, 64))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/" || text.EndsWith('/'))
            {
                throw new StartupException(key, $"'{text}' is not an origin (scheme://host[:port], no path or trailing slash).");
            }

            origins.Add(uri.GetLeftPart(UriPartial.Authority));
        }

        return origins;
    }

    private static List<string> ReadList(IConfigurationSection section, string relative, string key, int max)
    {
        var single = section[relative];
        var items = single is not null
            ? single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList()
            : section.GetSection(relative).GetChildren().Select(c => c.Value?.Trim()).OfType<string>().Where(v => v.Length > 0).ToList();
        if (items.Count > max)
        {
            throw new StartupException(key, $"{items.Count} entries; at most {max} are accepted.");
        }

        return items;
    }

    /// <summary>An http(s) URL, or a local file (which need not exist yet: it is polled like a URL).</summary>
    private static Uri RealtimeSource(string key, string text)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        if (text.Contains("://", StringComparison.Ordinal) || text.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            throw new StartupException(key, $"'{text}' is neither an http(s) URL nor a file path.");
        }

        return new Uri(Path.GetFullPath(text));
    }

    private static bool ReadBool(IConfigurationSection section, string relative, bool fallback)
    {
        var text = section[relative];
        if (text is null)
        {
            return fallback;
        }

        return bool.TryParse(text, out var value) ? value : throw new StartupException($"{Section}:{relative}", $"'{text}' is not true or false.");
    }

    private static int ReadInt(IConfigurationSection section, string relative, int min, int max, int fallback, string prefix = Section + ":")
    {
        var text = section[relative];
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new StartupException(prefix + relative, $"'{text}' is not a whole number from {min} to {max}.");
    }

    private static string ExistingFile(string key, string path)
    {
        var full = Path.GetFullPath(path);
        return File.Exists(full) ? full : throw new StartupException(key, $"file '{full}' does not exist.");
    }

    private static string GbfsSource(string key, string text)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri.AbsoluteUri;
        }

        var full = Path.GetFullPath(text);
        return Directory.Exists(full) ? full : throw new StartupException(key, $"'{text}' is neither an http(s) URL nor an existing folder.");
    }

    private static bool HasExplicitPort(string url) => PortSuffix().IsMatch(url.TrimEnd('/'));

    private static bool SameHost(string a, string b) =>
        string.Equals(a, b, StringComparison.OrdinalIgnoreCase) || a is "0.0.0.0" || b is "0.0.0.0";

    [GeneratedRegex(@"(?<=^|:)\d+(?=:|$)")]
    private static partial Regex IndexSegment();

    [GeneratedRegex(@":\d+$")]
    private static partial Regex PortSuffix();

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    // Kubernetes label selectors (equality-based): keys and values of letters, digits, '.', '_', '-', '/'.
    [GeneratedRegex(@"^[A-Za-z0-9._/=,!-]{1,256}$")]
    private static partial Regex LabelSelector();

    // A container port name is an IANA_SVC_NAME (RFC 6335 section 5.1): 1-15 of a-z, 0-9 and inner '-'.
    [GeneratedRegex(@"^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$")]
    private static partial Regex PortNameRule();
}
