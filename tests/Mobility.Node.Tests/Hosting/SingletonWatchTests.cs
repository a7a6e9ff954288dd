using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.DependencyInjection;
using Mobility.Node.Hosting;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Hosting;

/// <summary>The singleton warning: none at start (Akka's premature one is off), one for a singleton that never answers.</summary>
public sealed class SingletonWatchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_nodes_singletons_are_found_after_start_and_a_missing_one_is_reported_once_its_period_is_over()
    {
        using var data = new TempFolder();
        await using var node = await RunningNode.StartAsync(RunningNode.Settings(data.Path));
        await node.WaitReadyAsync();
        var system = node.Host.Services.GetRequiredService<ActorSystem>();
        Assert.False(system.Settings.Config.GetBoolean("akka.cluster.singleton-proxy.log-singleton-identification-failure"));

        // The transparency log and campaign directory proxies identify their singletons: nothing to warn about.
        var watch = await system.ActorSelection("/user/" + SingletonWatch.ActorName).ResolveOne(TimeSpan.FromSeconds(5), Ct);
        List<string> missing = [];
        for (var i = 0; i < 100; i++)
        {
            missing = await watch.Ask<List<string>>(SingletonWatch.GetMissing.Instance, TimeSpan.FromSeconds(5), Ct);
            if (missing.Count == 0)
            {
                break;
            }

            await Task.Delay(100, Ct);
        }

        Assert.Empty(missing);

        // A singleton nobody runs is reported, naming it, once the period after joining is over.
        var warnings = new ConcurrentQueue<string>();
        var listener = system.ActorOf(Props.Create(() => new WarningListener(warnings)));
        system.EventStream.Subscribe(listener, typeof(Warning));
        system.ActorOf(SingletonWatch.PropsFor(["no-such-singleton"], TimeSpan.FromMilliseconds(300)));
        for (var i = 0; i < 100 && !warnings.Any(w => w.Contains("[no-such-singleton]", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(50, Ct);
        }

        Assert.Contains(warnings, w => w.Contains("[no-such-singleton] was not found", StringComparison.Ordinal));
        Assert.DoesNotContain(warnings, w => w.Contains("ClusterSingletonProxy failed to find", StringComparison.Ordinal));
    }

    private sealed class WarningListener : ReceiveActor
    {
        public WarningListener(ConcurrentQueue<string> warnings) => Receive<Warning>(w => warnings.Enqueue(w.ToString()));
    }
}
