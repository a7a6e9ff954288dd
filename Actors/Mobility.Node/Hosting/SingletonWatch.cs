using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using Akka.Event;

namespace Mobility.Node.Hosting;

/// <summary>
/// Warns when a cluster singleton this node's proxies use is still not found 30 s after the node joined. It replaces
/// Akka's own proxy warning (<c>log-singleton-identification-failure</c>, turned off in <see cref="Hocon"/>): Akka.NET
/// 1.5 starts that check's periodic timer with no initial delay, so every proxy logs "failed to find ... after 30
/// seconds" at once when it starts and again whenever the oldest member changes, seconds before the singleton could
/// possibly answer. Here the clock starts when this node is Up, and a singleton found once is never reported.
/// </summary>
public sealed class SingletonWatch : ReceiveActor, IWithTimers
{
    /// <summary>Turns off the proxy's own (premature) warning; the <c>Success</c> events this watch reads are still published.</summary>
    public const string Hocon = "akka.cluster.singleton-proxy.log-singleton-identification-failure = off";

    public const string ActorName = "singleton-watch";

    public static readonly TimeSpan Period = TimeSpan.FromSeconds(30);

    private readonly HashSet<string> _found = new(StringComparer.Ordinal);
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public SingletonWatch(IReadOnlyList<string> singletons, TimeSpan period)
    {
        Receive<ClusterSingletonProxy.IdentifySingletonResult>(r =>
        {
            if (r.Result == ClusterSingletonProxy.IdentifyResult.Success)
            {
                _found.Add(r.SingletonName);
            }
        });
        Receive<GetMissing>(_ => Sender.Tell(singletons.Where(n => !_found.Contains(n)).ToList()));
        Receive<Up>(_ => Timers.StartSingleTimer(Check.Instance, Check.Instance, period));
        Receive<Check>(_ =>
        {
            foreach (var name in singletons.Where(n => !_found.Contains(n)))
            {
                _log.Warning("The cluster singleton [{0}] was not found {1} s after this node joined: requests that need it wait (is the oldest node reachable?).", name, period.TotalSeconds);
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props PropsFor(IReadOnlyList<string> singletons, TimeSpan period) => Props.Create(() => new SingletonWatch(singletons, period));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(ClusterSingletonProxy.IdentifySingletonResult));
        var self = Self;
        Akka.Cluster.Cluster.Get(Context.System).RegisterOnMemberUp(() => self.Tell(Up.Instance));
    }

    /// <summary>Asks which watched singletons have not been found yet (answered with a <c>List&lt;string&gt;</c>).</summary>
    public sealed class GetMissing
    {
        public static readonly GetMissing Instance = new();
    }

    private sealed class Up
    {
        public static readonly Up Instance = new();
    }

    private sealed class Check
    {
        public static readonly Check Instance = new();
    }
}
