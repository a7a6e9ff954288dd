using System.Collections.Concurrent;
using Mobility.CarpoolProof.Log;
using Mobility.CarpoolProof.Pipeline;

namespace Mobility.Actors.Carpool;

/// <summary>
/// Makes the log's appends idempotent per journey: a commitment for a journey the log already holds (or is writing)
/// resolves to that leaf instead of a second one, and a journey leaf is revoked by one status-change leaf at most.
/// A node that crashes after the append but before the journey persisted its acceptance, then a retried declaration,
/// thus cannot put two leaves for one journey in the log. The <see cref="JourneyIndex"/> it checks is rebuilt from
/// the store whenever the singleton starts (on any node, after any failover), so the check is against what is
/// durably stored; the store itself refuses a batch that does not start at its size, so a stale writer cannot slip
/// a leaf in beside it. Calls of <see cref="Append"/> come from the singleton actor, one at a time.
/// </summary>
internal sealed class LogAppendGuard(LogSequencer sequencer, JourneyIndex index)
{
    private readonly ConcurrentDictionary<string, Task<long>> _writing = new(StringComparer.Ordinal);

    /// <summary>The leaf's index once stored, and whether an earlier leaf (whose bytes may differ) stands for it.</summary>
    /// <param name="territories">The journey's attribution for the index (space-separated codes), or null.</param>
    /// <param name="opening">A sealed leaf's opening (already stored by the caller): it names the journey.</param>
    public (Task<long> Index, bool Existing) Append(byte[] leaf, string? territories = null, LeafOpening? opening = null)
    {
        var key = KeyOf(leaf, opening);
        if (key is null)
        {
            return (WriteAsync(leaf, null, null, territories, opening), false);
        }

        // Writing first, then the index: a write adds to the index before it leaves _writing, so one of the two sees it.
        if (_writing.TryGetValue(key, out var inFlight))
        {
            return (inFlight, true);
        }

        var stored = key.StartsWith(JourneyPrefix, StringComparison.Ordinal)
            ? index.CommitmentOf(key[JourneyPrefix.Length..])
            : index.RevocationOf(key[RevocationPrefix.Length..]);
        if (stored is { } at)
        {
            if (key.StartsWith(JourneyPrefix, StringComparison.Ordinal))
            {
                index.Attribute(key[JourneyPrefix.Length..], Mobility.CarpoolProof.Territories.TerritoryMap.Split(territories));
            }

            return (Task.FromResult(at), true);
        }

        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _writing[key] = done.Task;
        _ = WriteAsync(leaf, key, done, territories, opening);
        return (done.Task, false);
    }

    private const string JourneyPrefix = "journey:";
    private const string RevocationPrefix = "revocation:";

    private async Task<long> WriteAsync(byte[] leaf, string? key, TaskCompletionSource<long>? done, string? territories, LeafOpening? opening)
    {
        try
        {
            var at = await sequencer.AppendAsync(leaf).ConfigureAwait(false);
            index.Add(at, leaf, territories, opening);
            if (key is not null)
            {
                _writing.TryRemove(key, out _);
            }

            done?.TrySetResult(at);
            return at;
        }
        catch (Exception e) when (done is not null)
        {
            // Nothing was stored: a later attempt may write this journey's leaf.
            _writing.TryRemove(key!, out _);
            done.TrySetException(e);
            return -1;
        }
    }

    /// <summary>"journey:operator/journey id" for a commitment (v1, or v2 by its opening), "revocation:leaf hash" for a
    /// status change, else null.</summary>
    internal static string? KeyOf(byte[] leaf, LeafOpening? opening = null)
    {
        var read = ReadLeaf.Of(leaf, opening);
        return read.RevokedLeafHash is { } revoked ? RevocationPrefix + revoked
            : read.Journey is { } c ? JourneyPrefix + c.OperatorId + "/" + c.OperatorJourneyId
            : null;
    }
}
