using System.Net;
using System.Security.Cryptography;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Log;
using Mobility.CarpoolProof.Pipeline;
using Mobility.CarpoolProof.Rules;
using Mobility.Node.Cli.Simulate;
using Mobility.Node.Tests.Support;
using static Mobility.Node.Tests.Api.JourneyEndpointTests;

namespace Mobility.Node.Tests.Api;

/// <summary>
/// Cross-operator declarations touching the same identities, posted all at once over HTTP, end with the same
/// verdicts as the in-process pipeline deciding them one by one (the reference).
/// </summary>
public sealed class JourneyConcurrencyTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private RunningNode _node = null!;
    private DeclarationTraffic _traffic = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _node = await RunningNode.StartAsync(RunningNode.Settings(_data.Path));
        await _node.WaitReadyAsync();
        _traffic = await CarpoolTraffic.StartAsync(_node.Http, "op-a", "op-b", "metro-bus");
    }

    public async ValueTask DisposeAsync()
    {
        _traffic.Dispose();
        await _node.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Concurrent_declarations_get_the_verdicts_of_sequential_ones()
    {
        var (a, b, c) = (_traffic.Operators[0], _traffic.Operators[1], _traffic.Operators[2]);
        var t0 = DateTimeOffset.UtcNow.AddHours(-20);
        var groups = new List<(string Kind, SignedDeclaration[] Declarations)>();
        for (var g = 0; g < 6; g++)
        {
            var t = t0.AddMinutes(g * 7);
            var d = await _traffic.NewPersonAsync(Ct);
            var p = await _traffic.NewPersonAsync(Ct);
            var q = await _traffic.NewPersonAsync(Ct);
            var r = await _traffic.NewPersonAsync(Ct);

            // One driver in three overlapping journeys on three operators: fraud, each indicting the others.
            groups.Add(("overlap", [_traffic.Journey(a, d, p, t), _traffic.Journey(b, d, q, t.AddMinutes(5)), _traffic.Journey(c, d, r, t.AddMinutes(8))]));

            // The same pair twice within 30 minutes on one operator: one accepted, one refused (terms, 422).
            var e = await _traffic.NewPersonAsync(Ct);
            var f = await _traffic.NewPersonAsync(Ct);
            groups.Add(("too-close", [_traffic.Journey(a, e, f, t), _traffic.Journey(a, e, f, t.AddMinutes(20))]));

            // The same people hours apart on two operators: both fine.
            groups.Add(("clean", [_traffic.Journey(a, e, p, t.AddHours(4)), _traffic.Journey(b, f, q, t.AddHours(8))]));
        }

        var expected = Reference(groups.SelectMany(x => x.Declarations).ToList());

        // Everything at once, in a shuffled order.
        var all = groups.SelectMany(x => x.Declarations).ToArray();
        RandomNumberGenerator.Shuffle(all.AsSpan());
        var codes = await Task.WhenAll(all.Select(async d =>
        {
            using var response = await _traffic.DeclareAsync(d, Ct);
            return (d.Journey.OperatorJourneyId, Code: (int)response.StatusCode);
        }));
        var codeOf = codes.ToDictionary(x => x.OperatorJourneyId, x => x.Code);

        // Indictments of earlier journeys are their own messages: wait until the statuses settle.
        Dictionary<string, string?> finals = [];
        for (var attempt = 0; attempt < 50; attempt++)
        {
            finals = [];
            foreach (var d in all.Where(d => codeOf[d.Journey.OperatorJourneyId] == 201))
            {
                var view = await Json(await _traffic.SendAsync(HttpMethod.Get, $"/v3/journeys/{d.Journey.OperatorJourneyId}", d.OperatorId, null, Ct), HttpStatusCode.OK);
                finals[d.Journey.OperatorJourneyId] = (string?)view["status"];
            }

            if (groups.All(g => Verdicts(g.Declarations, codeOf, finals).SequenceEqual(Verdicts(g.Declarations, expected.Codes, expected.Statuses))))
            {
                break;
            }

            await Task.Delay(200, Ct);
        }

        foreach (var (kind, declarations) in groups)
        {
            Assert.Equal(Verdicts(declarations, expected.Codes, expected.Statuses), Verdicts(declarations, codeOf, finals));
        }

        Assert.Contains(expected.Statuses.Values, s => s == "fraud_error");
        Assert.Contains(expected.Codes.Values, s => s == 422);
    }

    /// <summary>Which journey of a group wins may differ with the order; the verdicts of the group, as a multiset, may not.</summary>
    private static List<string> Verdicts(SignedDeclaration[] group, IReadOnlyDictionary<string, int> codes, IReadOnlyDictionary<string, string?> statuses) =>
        [.. group.Select(d => d.Journey.OperatorJourneyId).Select(id => $"{codes[id]}:{statuses.GetValueOrDefault(id)}").Order(StringComparer.Ordinal)];

    private (Dictionary<string, int> Codes, Dictionary<string, string?> Statuses) Reference(List<SignedDeclaration> declarations)
    {
        using var log = TransparencyLog.CreateInMemory(new TransparencyLogOptions { Origin = "test.local/reference" });
        using var platform = PlatformKey.FromSeed(RandomNumberGenerator.GetBytes(32));
        var pipeline = new ProofPipeline(_traffic.Keys, new GreatCircleRouteEstimator(), log, platform, TimeProvider.System,
            options: new ProofPipelineOptions { IssueAttestations = false });
        var codes = new Dictionary<string, int>();
        foreach (var d in declarations)
        {
            codes[d.Journey.OperatorJourneyId] = Mobility.Node.Api.Carpool.VerdictStatus.Of(pipeline.Submit([d])[0].Verdict);
        }

        var statuses = declarations.Where(d => codes[d.Journey.OperatorJourneyId] == 201)
            .ToDictionary(d => d.Journey.OperatorJourneyId, d => pipeline.Find(d.OperatorId, d.Journey.OperatorJourneyId)?.Status);
        return (codes, statuses);
    }
}
