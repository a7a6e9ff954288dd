using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Grading;
using Mobility.CarpoolProof.Identity;
using Mobility.CarpoolProof.Log;
using Mobility.CarpoolProof.Log.Notes;
using Mobility.CarpoolProof.Log.Storage;
using Mobility.CarpoolProof.Pipeline;
using Mobility.CarpoolProof.Rules;

namespace Mobility.CarpoolProof.Tests.Support;

/// <summary>Keys, people, a log and a pipeline, wired as the node wires them; in memory unless a directory is given.</summary>
internal sealed class ProofWorld : IDisposable
{
    public const string Origin = "test.mobility/carpool";
    public static readonly DateTimeOffset Now = new(2026, 3, 10, 18, 0, 0, TimeSpan.Zero);

    public ManualTime Time { get; } = new(Now);
    public KeyDirectory Keys { get; } = new();
    public SyntheticCarpools Carpools { get; }
    public PlatformKey Platform { get; }
    public NoteSigner Signer { get; }
    public TransparencyLog Log { get; private set; }
    public ProofStore? Store { get; private set; }
    public ProofPipeline Pipeline { get; private set; }
    public IRouteEstimator Router { get; set; } = new GreatCircleRouteEstimator();
    private readonly string? _dir;
    private int _journeys;

    public ProofWorld(string? directory = null, int operators = 2)
    {
        _dir = directory;
        Carpools = new SyntheticCarpools(Keys, new RegistrySecret(new byte[32]), operators);
        Platform = directory is null ? PlatformKey.FromSeed(new byte[32]) : PlatformKey.LoadOrCreate(directory);
        Signer = NoteSigner.FromSeed(Origin, Ed25519Keys.Seed(Platform.Key));
        (Log, Store, Pipeline) = Open();
    }

    public string Vkey => Signer.Verifier.Encoded;

    private (TransparencyLog, ProofStore?, ProofPipeline) Open()
    {
        var options = new TransparencyLogOptions { Origin = Origin, Signer = Signer };
        var log = _dir is null ? TransparencyLog.CreateInMemory(options) : TransparencyLog.Open(SqliteLogStore.Open(Path.Combine(_dir, "log.db")), options);
        var store = _dir is null ? null : ProofStore.Open(Path.Combine(_dir, ProofStore.FileName));
        return (log, store, new ProofPipeline(Keys, new RouterProxy(this), log, Platform, Time, store));
    }

    /// <summary>Closes and reopens log, store and pipeline from disk (a restart).</summary>
    public void Restart()
    {
        Log.Dispose();
        Store?.Dispose();
        (Log, Store, Pipeline) = Open();
    }

    public SyntheticCarpools.Operator Op(int i = 0) => Carpools.Operators[i];

    /// <summary>A 10 km journey starting <paramref name="start"/>, 30 km/h (20 min 48 s).</summary>
    public SignedDeclaration Journey(SyntheticCarpools.Person driver, SyntheticCarpools.Person passenger, DateTimeOffset start,
        ProofClass cls = ProofClass.C, int op = 0, string? tripId = null, string? reuseChallenge = null, int evidence = 1)
    {
        var n = Interlocked.Increment(ref _journeys);
        return Carpools.Declare(Op(op), driver, passenger, "j" + n, tripId ?? "t" + n, start,
            SyntheticCarpools.CenterLat, SyntheticCarpools.CenterLon, 45, 8_000, 30, cls, reuseChallenge, evidence);
    }

    public DeclarationOutcome SubmitOne(SignedDeclaration d) => Pipeline.Submit([d])[0];

    public void Dispose()
    {
        Log.Dispose();
        Store?.Dispose();
        Platform.Dispose();
        Signer.Dispose();
        Carpools.Dispose();
    }

    private sealed class RouterProxy(ProofWorld world) : IRouteEstimator
    {
        public RouteEstimate? Estimate(double fromLat, double fromLon, double toLat, double toLon, DateTimeOffset departure) =>
            world.Router.Estimate(fromLat, fromLon, toLat, toLon, departure);
    }
}
