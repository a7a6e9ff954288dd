using System.ComponentModel;
using Mobility.Node.Configuration;
using Mobility.Node.Hosting;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

internal static class ServeCommands
{
    /// <summary>Registers the <c>serve</c> command (also the default command, see Program).</summary>
    public static IConfigurator AddServeCommands(this IConfigurator config)
    {
        config.AddCommand<ServeCommand>("serve")
            .WithDescription("Runs one node: HTTP API, actor system (cluster, sharding, event store) and the city. The default command.")
            .WithExample("serve")
            .WithExample("serve", "--storage", "postgres", "--connection-string", "Host=127.0.0.1;Username=mobility;Password=mobility;Database=mobility")
            .WithExample("serve", "--http-url", "http://127.0.0.1:5081", "--cluster-port", "4054", "--seed", "akka.tcp://mobility@127.0.0.1:4053");
        return config;
    }
}

/// <summary>Options of <c>mobility serve</c>; each sets the configuration key it names, over appsettings.json and environment variables.</summary>
internal sealed class ServeSettings : CommandSettings
{
    [CommandOption("--http-url <URL>")]
    [Description("Mobility:Http:Url, default http://127.0.0.1:5080 (port 0: a free port)")]
    public string? HttpUrl { get; init; }

    [CommandOption("--data <FOLDER>")]
    [Description("Mobility:DataFolder, default ~/.local/share/mobility")]
    public string? DataFolder { get; init; }

    [CommandOption("--storage <PROVIDER>")]
    [Description("Mobility:Storage:Provider: sqlite (default) or postgres")]
    public string? Storage { get; init; }

    [CommandOption("--connection-string <CS>")]
    [Description("Mobility:Storage:ConnectionString (SQLite default: Data Source=<data>/mobility.db)")]
    public string? ConnectionString { get; init; }

    [CommandOption("--cluster-host <HOST>")]
    [Description("Mobility:Cluster:Host, default 127.0.0.1")]
    public string? ClusterHost { get; init; }

    [CommandOption("--cluster-port <PORT>")]
    [Description("Mobility:Cluster:Port, default 4053 (0: a free port)")]
    public string? ClusterPort { get; init; }

    [CommandOption("--seed <ADDRESS>")]
    [Description("Mobility:Cluster:SeedNodes, repeatable: akka.tcp://mobility@host:port; none: the node joins itself")]
    public string[]? Seeds { get; init; }

    [CommandOption("--gtfs <ZIP>")]
    [Description("Mobility:City:Gtfs, repeatable: GTFS Schedule zips")]
    public string[]? Gtfs { get; init; }

    [CommandOption("--osm <FILE>")]
    [Description("Mobility:City:Osm: an OSM PBF or XML file")]
    public string? Osm { get; init; }

    [CommandOption("--gbfs <FOLDER|URL>")]
    [Description("Mobility:City:Gbfs, repeatable: GBFS folders or gbfs.json URLs")]
    public string[]? Gbfs { get; init; }

    [CommandOption("--demo-size <SIZE>")]
    [Description("Mobility:City:DemoSize when no feeds are set: village, town (default), city, metropolis")]
    public string? DemoSize { get; init; }

    [CommandOption("--demo-seed <SEED>")]
    [Description("Mobility:City:DemoSeed, default 42")]
    public string? DemoSeed { get; init; }

    /// <summary>The options given, as configuration keys.</summary>
    public Dictionary<string, string?> ToConfiguration()
    {
        const string m = NodeSettingsReader.Section;
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        void Set(string key, string? value)
        {
            if (value is not null)
            {
                values[$"{m}:{key}"] = value;
            }
        }

        void SetList(string key, string[]? items)
        {
            for (var i = 0; i < (items?.Length ?? 0); i++)
            {
                values[$"{m}:{key}:{i}"] = items![i];
            }
        }

        Set("Http:Url", HttpUrl);
        Set("DataFolder", DataFolder);
        Set("Storage:Provider", Storage);
        Set("Storage:ConnectionString", ConnectionString);
        Set("Cluster:Host", ClusterHost);
        Set("Cluster:Port", ClusterPort);
        SetList("Cluster:SeedNodes", Seeds);
        SetList("City:Gtfs", Gtfs);
        Set("City:Osm", Osm);
        SetList("City:Gbfs", Gbfs);
        Set("City:DemoSize", DemoSize);
        Set("City:DemoSeed", DemoSeed);
        return values;
    }
}

internal sealed class ServeCommand : AsyncCommand<ServeSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ServeSettings settings, CancellationToken cancellationToken)
    {
        var console = new NodeConsole(System.Console.Out, System.Console.Error);
        return await Serve.RunAsync(settings.ToConfiguration(), console, cancellationToken);
    }
}

/// <summary>Runs a node until it is stopped; turns every start-up problem into one line and an exit code.</summary>
public static class Serve
{
    /// <summary>Exit codes: 0 stopped normally, 2 configuration or environment problem, 3 city feed problem, 1 anything else.</summary>
    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string?> configuration, NodeConsole console, CancellationToken ct)
    {
        NodeHost node;
        try
        {
            node = await NodeHost.StartAsync(configuration, console, ct);
        }
        catch (StartupException e)
        {
            console.Fatal(e.Message, exitCode: 2);
            return console.ExitCode;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception e)
        {
            console.Fatal($"the node could not start: {Innermost(e).Message}", exitCode: 1);
            return console.ExitCode;
        }

        await using (node)
        {
            try
            {
                await node.WaitForShutdownAsync(ct);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C reached us before the host: stop it the same graceful way.
            }

            await node.StopAsync(CancellationToken.None);
        }

        console.Line("Stopped.");
        return console.ExitCode;
    }

    private static Exception Innermost(Exception e) => e is AggregateException or TypeInitializationException && e.InnerException is not null ? Innermost(e.InnerException) : e;
}
