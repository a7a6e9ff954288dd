using System.Collections.Concurrent;
using Mobility.CarpoolProof.Log;
using Mobility.CarpoolProof.Log.Storage;
using Mobility.CarpoolProof.Pipeline;
using Mobility.CarpoolProof.Rules;

namespace Mobility.Actors.Carpool;

/// <summary>
/// What the carpool entities of one node share: the platform key and checkpoint signer (from the data folder,
/// created once, never overwritten), the route estimator of the plausibility rule, the clock, how to open the
/// log store (SQLite in the data folder, or PostgreSQL), and a cache of key bindings (immutable once made).
/// </summary>
public sealed class CarpoolContext : IDisposable
{
    /// <summary>
    /// Akka's built-in snapshot store that holds nothing. Journey, identity and key-binding entities never save a
    /// snapshot (their few events replay fast), so their recovery skips the snapshot store's query: one database
    /// read less for each entity started, i.e. for every declaration (its journey is always new).
    /// </summary>
    public const string NoSnapshotStore = "akka.persistence.no-snapshot-store";

    private readonly Func<ILogStore> _openStore;
    private readonly Func<LeafOpeningStore> _openOpenings;

    public CarpoolContext(ProofDataDirectory data, Func<ILogStore> openStore, IRouteEstimator router, TimeProvider time, Func<LeafOpeningStore>? openOpenings = null)
    {
        Data = data;
        _openStore = openStore;
        _openOpenings = openOpenings ?? (() => LeafOpeningStore.OpenSqlite(System.IO.Path.Combine(data.Path, LeafOpeningStore.FileName)));
        Router = router;
        Time = time;
    }

    public ProofDataDirectory Data { get; }

    public PlatformKey Platform => Data.Platform;

    public IRouteEstimator Router { get; }

    public TimeProvider Time { get; }

    /// <summary>Operator signing keys already seen: an operator key is bound for ever, so a hit is always right (device
    /// bindings can be revoked and are not kept here).</summary>
    public ConcurrentDictionary<string, string> Bindings { get; } = new(StringComparer.Ordinal);

    /// <summary>Asks of one entity wait this long; a reservation is held at most <see cref="ReservationHold"/>.</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ReservationHold { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Batches on this node reserve their identities one at a time (<see cref="DeclarationBatchWorkflow"/>): two
    /// batches asking for the same identities at once could each get some and wait for the others.
    /// </summary>
    public SemaphoreSlim BatchReservations { get; } = new(1, 1);

    /// <summary>
    /// The configured territory (<c>Mobility:Carpool:Territory</c>): while no territory is registered, the implicit one
    /// that covers everything, so every journey is attributed to it (a node of one territory, as before territories
    /// existed); journeys recorded before attribution existed stay its own.
    /// </summary>
    public string Territory { get; init; } = DefaultTerritory;

    /// <summary>This node's copy of the territory registry: what journeys are attributed with at their acceptance.</summary>
    public Mobility.Actors.Territories.TerritoryBoard Territories { get; init; } = new();

    public const string DefaultTerritory = "local";

    /// <summary>SQLite log in <paramref name="dataFolder"/> (<c>log.db</c>), or PostgreSQL when a connection string is given.</summary>
    /// <param name="router">The plausibility router; great-circle estimates where it is absent or has no answer.</param>
    /// <param name="territories">This node's copy of the territory registry (a DI singleton the registry actors keep current).</param>
    public static CarpoolContext Open(string dataFolder, string? postgresConnectionString, TimeProvider time, string? territory = null, IRouteEstimator? router = null,
        Mobility.Actors.Territories.TerritoryBoard? territories = null)
    {
        var data = ProofDataDirectory.OpenOrCreate(dataFolder);
        Func<ILogStore> open = postgresConnectionString is null
            ? () => SqliteLogStore.Open(Path.Combine(dataFolder, ProofDataDirectory.LogFile))
            : () => PostgresLogStore.Open(postgresConnectionString);
        Func<LeafOpeningStore> openings = postgresConnectionString is null
            ? () => LeafOpeningStore.OpenSqlite(Path.Combine(dataFolder, LeafOpeningStore.FileName))
            : () => LeafOpeningStore.OpenPostgres(postgresConnectionString);
        return new CarpoolContext(
            data,
            open,
            router is null ? new GreatCircleRouteEstimator() : new FallbackRouteEstimator(router, new GreatCircleRouteEstimator()),
            time,
            openings) { Territory = territory ?? DefaultTerritory, Territories = territories ?? new() };
    }

    public TransparencyLog OpenLog() =>
        TransparencyLog.Open(_openStore(), new TransparencyLogOptions { Origin = Data.Origin, Signer = Data.Signer });

    /// <summary>The openings of the sealed leaves (the log's private half), opened by the log singleton.</summary>
    public LeafOpeningStore OpenOpenings() => _openOpenings();


    public void Dispose()
    {
        BatchReservations.Dispose();
        Data.Dispose();
    }
}
