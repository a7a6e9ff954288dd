using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Management.Cluster.Bootstrap.ContactPoint;
using Mobility.Node.Configuration;
using Newtonsoft.Json;

namespace Mobility.Node.Bootstrap;

/// <summary>
/// This node's Cluster Bootstrap contact point, <c>GET /bootstrap/seed-nodes</c> (Akka.Management's path, which its
/// probes ask for at each discovered host and port): the members it sees, in the
/// JSON Akka.Management's probes read (its <see cref="HttpBootstrapJsonProtocol.SeedNodes"/>, written with the same
/// Newtonsoft serializer they parse with). It answers what Akka.Management's own route answers: Up, WeaklyUp and
/// Joining members that are reachable, at most <c>max-seed-nodes-to-expose</c>; 503 once this node is leaving or down.
/// Mapped only when bootstrap is configured: it tells where the cluster's members listen, which a node without
/// bootstrap has no reason to publish.
/// </summary>
public static class ContactPoint
{
    public const string Path = "/bootstrap/seed-nodes";

    /// <summary>Akka.Management's default number of members shown to a probe.</summary>
    private const int MaxSeedNodesToExpose = 5;

    public static void MapClusterContactPoint(this WebApplication app, NodeSettings settings)
    {
        if (settings.Cluster.Bootstrap is null)
        {
            return;
        }

        // Between nodes, not part of the API the OpenAPI document describes (docs/operations.md describes it).
        app.MapGet(Path, (ActorSystem system) => Answer(system)).ExcludeFromDescription();
    }

    internal static IResult Answer(ActorSystem system)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        // Before it joins, Akka.NET reports the node's own member as Removed: that node answers, with no members, so
        // that the others can count it as a contact point; only a node on its way out refuses.
        if (cluster.IsTerminated || cluster.SelfMember.Status is MemberStatus.Down or MemberStatus.Exiting or MemberStatus.Leaving)
        {
            return TypedResults.Problem(statusCode: 503, title: "Leaving the cluster", detail: $"{cluster.SelfAddress} is {cluster.SelfMember.Status}.");
        }

        var state = cluster.State;
        var members = state.Members
            .Where(m => !state.Unreachable.Contains(m) && m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining)
            .Take(MaxSeedNodesToExpose)
            .Select(m => new HttpBootstrapJsonProtocol.ClusterMember(m.UniqueAddress.Address, m.UniqueAddress.Uid, m.Status, m.Roles))
            .ToImmutableList();
        var json = JsonConvert.SerializeObject(new HttpBootstrapJsonProtocol.SeedNodes(cluster.SelfAddress, members));
        return TypedResults.Text(json, "application/json");
    }
}
