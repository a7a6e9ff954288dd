using System.Net.Sockets;
using Akka.Actor;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Mobility.Node.Api;
using Mobility.Node.Api.Campaigns;
using Mobility.Node.Api.Carpool;
using Mobility.Node.Api.Territories;
using Mobility.Node.Bootstrap;
using Mobility.Node.City;
using Mobility.Node.Configuration;
using Mobility.Node.Health;
using Mobility.Node.Security;
using Mobility.Node.Snapshots;
using Mobility.Node.Storage;
using Mobility.Node.Tickets;
using Mobility.Node.Web;
using Scalar.AspNetCore;

namespace Mobility.Node.Hosting;

/// <summary>
/// One node: validates its settings, checks the store and ports, then runs Kestrel and the actor system in one host.
/// <see cref="StartAsync"/> throws <see cref="StartupException"/> for anything the user can fix.
/// </summary>
public sealed class NodeHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DataFolderLock _folderLock;

    private NodeHost(WebApplication app, DataFolderLock folderLock, NodeSettings settings, NodeConsole console)
    {
        _app = app;
        _folderLock = folderLock;
        Settings = settings;
        Console = console;
    }

    public NodeSettings Settings { get; }

    public NodeConsole Console { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The HTTP address actually bound (differs from the setting when its port is 0).</summary>
    public Uri HttpAddress { get; private set; } = null!;

    /// <summary>
    /// Builds and starts a node from configuration layers: appsettings.json beside the executable, environment
    /// variables (<c>MOBILITY__SECTION__KEY</c>), then <paramref name="overrides"/> (the serve options), last wins.
    /// <paramref name="clock"/> is every "now" the node reads (the system clock by default; a simulated day steps its own).
    /// </summary>
    public static async Task<NodeHost> StartAsync(IReadOnlyDictionary<string, string?> overrides, NodeConsole console, CancellationToken ct = default, TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Configuration.AddInMemoryCollection(overrides);

        var settings = NodeSettingsReader.Read(builder.Configuration);
        PortPreflight.Check(settings);
        var folderLock = DataFolderLock.Acquire(settings.DataFolder);
        try
        {
            return await StartLockedAsync(builder, settings, folderLock, console, clock ?? TimeProvider.System, ct);
        }
        catch
        {
            folderLock.Dispose();
            throw;
        }
    }

    private static async Task<NodeHost> StartLockedAsync(WebApplicationBuilder builder, NodeSettings settings, DataFolderLock folderLock, NodeConsole console, TimeProvider clock, CancellationToken ct)
    {
        var store = await StoragePreflight.CheckAsync(settings, ct);
        KeyStores.Check(settings, clock);

        builder.WebHost.UseUrls(settings.HttpUrl.GetLeftPart(UriPartial.Authority));
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);

        // An unready node answers 503 on /health/ready; that is its job, not an error worth a log line per probe.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Critical);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(console);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton<CityCatalog>();
        builder.Services.AddHostedService<CityLoader>();
        builder.Services.AddRoutingSnapshot();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemShape.Customize);
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true); // so BadRequestHandler can explain.
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Mobility node API";
            doc.Info.Description = "One node of the Mobility platform: authentication, operators, offers, feeds, trips, carpool journeys and attestations, the transparency log, health. "
                + "Protected endpoints need Authorization: Bearer <token> from POST /auth/token (operators, authorities) or POST /travelers; see docs/api.md. "
                + "Errors are RFC 9457 problem details.";
            return Task.CompletedTask;
        }).AddBearerSecurity());
        builder.Services.AddNodeHealthChecks();
        builder.Services.AddCarpoolContext(settings);
        builder.Services.AddMobilitySecurity(settings);
        builder.Services.AddMobilityRateLimits(settings.RateLimits);
        builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins([.. settings.CorsOrigins])
            .WithMethods("GET", "POST", "PUT", "DELETE").WithHeaders("Authorization", "Content-Type", "Idempotency-Key", "Accept")
            .WithExposedHeaders("ETag", "Location", "Retry-After").SetPreflightMaxAge(TimeSpan.FromHours(1))));
        builder.Services.AddSingleton<Mobility.Actors.Operators.LiveOfferBoard>();
        builder.Services.AddSingleton<Mobility.Node.Feeds.FeedBoard>();
        builder.Services.AddSingleton<Mobility.Node.Feeds.ReplicatedGbfs>();
        builder.Services.AddSingleton<Mobility.Node.Feeds.FeedPollers>();
        builder.Services.AddPlanMobility();
        builder.Services.AddTicketing(settings);
        builder.Services.AddWebPages();
        builder.Services.AddMobilityActorSystem(settings);

        var app = builder.Build();
        app.UseRetryAfterOn503();
        app.UseExceptionHandler();
        app.UseWebPages();
        app.UseStatusCodePages();
        app.UseCors(); // only the configured origins (Mobility:Http:CorsOrigins); no origin at all by default
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapGet("/", () => TypedResults.Redirect("/scalar")).ExcludeFromDescription();
        app.MapNodeHealth();
        app.MapClusterContactPoint(settings);
        app.MapAuthEndpoints();
        app.MapOperatorEndpoints();
        app.MapOfferEndpoints();
        app.MapTripEndpoints();
        app.MapTicketEndpoints();
        app.MapAccountEndpoints();
        app.MapMediaEndpoints();
        app.MapClearingEndpoints();
        app.MapPlanEndpoints();
        app.MapJourneyEndpoints();
        app.MapAuthorityCarpoolEndpoints();
        app.MapLogEndpoints();
        app.MapCampaignEndpoints();
        app.MapTerritoryEndpoints();

        var node = new NodeHost(app, folderLock, settings, console);
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException e) when (e.InnerException is SocketException or null && e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await app.DisposeAsync();
            throw new StartupException(NodeSettingsReader.Section + ":Http:Url", $"{settings.HttpUrl} is already in use (another node running?).");
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        node.HttpAddress = new Uri(addresses?.FirstOrDefault() ?? settings.HttpUrl.ToString());
        BootstrapStart.Begin(app.Services.GetRequiredService<ActorSystem>(), settings.Cluster, node.HttpAddress.Port);
        node.PrintBanner(store);
        return node;
    }

    /// <summary>Completes when the host stops (Ctrl-C, SIGTERM, or a fatal problem while running).</summary>
    public Task WaitForShutdownAsync(CancellationToken ct = default) => _app.WaitForShutdownAsync(ct);

    /// <summary>Stops gracefully: Akka's CoordinatedShutdown leaves the cluster and hands shards over, then Kestrel stops.</summary>
    public Task StopAsync(CancellationToken ct = default) => _app.StopAsync(ct);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.DisposeAsync();
        }
        finally
        {
            _folderLock.Dispose();
        }
    }

    private void PrintBanner(StoragePreflight.Outcome store)
    {
        var system = _app.Services.GetRequiredService<ActorSystem>();
        var (address, _) = AkkaSetup.ClusterState(system);
        var http = HttpAddress.ToString().TrimEnd('/');
        var seeds = Settings.Cluster.Bootstrap is { } b
            ? $"Cluster Bootstrap, {(b.Discovery == DiscoveryMethod.Config ? "contact points " + string.Join(", ", b.ContactPoints) : "Kubernetes pods " + b.PodLabelSelector)}, {b.RequiredContactPoints} required"
            : Settings.Cluster.SeedNodes.Count == 0 ? "no seed nodes: a cluster of one" : "seed nodes " + string.Join(", ", Settings.Cluster.SeedNodes);
        Console.Line($"Mobility node {typeof(NodeHost).Assembly.GetName().Version?.ToString(3)}");
        Console.Line($"  http      {http}  (API reference {http}/scalar, OpenAPI {http}/openapi/v1.json, readiness {http}/health/ready)");
        Console.Line($"  data      {Settings.DataFolder}");
        Console.Line($"  store     {store.Description}");
        Console.Line($"  cluster   {address} ({seeds})");
        Console.BannerShown();
    }
}
