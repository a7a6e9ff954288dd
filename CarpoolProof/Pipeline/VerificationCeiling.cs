using System.Diagnostics;
using Mobility.CarpoolProof.Evidence;

namespace Mobility.CarpoolProof.Pipeline;

/// <summary>What Ed25519 verification alone allows on this machine, measured rather than assumed.</summary>
public sealed record VerificationCeiling(int Threads, double VerificationsPerSecond, double MicrosecondsPerVerification)
{
    /// <summary>Declarations per second the pipeline could not exceed even if everything but verification were free.</summary>
    public double DeclarationsPerSecond(double verificationsPerDeclaration) =>
        verificationsPerDeclaration <= 0 ? double.PositiveInfinity : VerificationsPerSecond / verificationsPerDeclaration;

    /// <summary>
    /// Verifies valid signatures of 300-byte messages (about a canonical statement's size) under 1,000 distinct keys
    /// on <paramref name="threads"/> threads for about <paramref name="seconds"/> seconds, through the same
    /// <see cref="Ed25519Keys.Verify"/> the pipeline calls (NSec over libsodium).
    /// </summary>
    public static VerificationCeiling Measure(int threads, double seconds = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        const int Samples = 1_000;
        var keys = new NSec.Cryptography.PublicKey[Samples];
        var messages = new byte[Samples][];
        var signatures = new byte[Samples][];
        var rng = new Random(7);
        for (var i = 0; i < Samples; i++)
        {
            using var key = Ed25519Keys.Generate();
            messages[i] = new byte[300];
            rng.NextBytes(messages[i]);
            signatures[i] = Ed25519Keys.Sign(key, messages[i]);
            keys[i] = key.PublicKey;
        }
        long verified = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            long local = 0;
            for (var i = t; Stopwatch.GetTimestamp() < deadline; i = (i + 1) % Samples, local++)
            {
                if (!Ed25519Keys.Verify(keys[i], messages[i], signatures[i])) throw new InvalidOperationException("a valid signature failed to verify");
            }
            Interlocked.Add(ref verified, local);
        });
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        return new VerificationCeiling(threads, verified / watch.Elapsed.TotalSeconds, cpu / verified * 1e6);
    }
}
