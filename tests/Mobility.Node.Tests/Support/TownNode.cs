namespace Mobility.Node.Tests.Support;

/// <summary>One node on the demo town (seed 42, the README's city), shared by the browser tests of a class.</summary>
public sealed class TownNode : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private RunningNode? _node;

    internal RunningNode Node => _node ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync()
    {
        var settings = RunningNode.Settings(_data.Path, new Dictionary<string, string?> { ["Mobility:City:DemoSize"] = "town", ["Mobility:City:DemoSeed"] = "42" });
        settings.Remove("Mobility:City:Gtfs:0");
        _node = await RunningNode.StartAsync(settings);
        await _node.WaitReadyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        _data.Dispose();
    }
}
