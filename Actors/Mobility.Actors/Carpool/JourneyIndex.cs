using Mobility.CarpoolProof.Pipeline;
using Mobility.CarpoolProof.Territories;

namespace Mobility.Actors.Carpool;

/// <summary>
/// A projection of the log for listings: every journey commitment leaf, with the latest status-change leaf that
/// names it. Rebuilt from the leaves when the log singleton starts, then fed every appended leaf. Thread-safe.
/// </summary>
public sealed class JourneyIndex
{
    private readonly Lock _gate = new();
    private readonly SortedList<long, JourneySummary> _journeys = [];
    private readonly Dictionary<string, long> _byLeafHash = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byJourneyKey = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _journeys.Count;
            }
        }
    }

    /// <param name="territories">The journey's attribution (space-separated codes) when the appender knows it; else read
    /// from the leaf's public <c>territories</c> member when the leaf format carries one (a sealed v2 leaf's slot); else
    /// unknown until <see cref="Attribute"/> (the log singleton reads the journal's acceptances when it starts).</param>
    /// <param name="opening">The opening of a sealed (v2) leaf, from the log's private half; a sealed journey leaf without
    /// it is not listed, a sealed status leaf without it revokes as fraud.</param>
    public void Add(long index, ReadOnlySpan<byte> leaf, string? territories = null, LeafOpening? opening = null)
    {
        var read = ReadLeaf.Of(leaf, opening);
        if (read.RevokedLeafHash is { } revoked)
        {
            var status = read.Status is { } change ? StatusOf(change) : JourneyStatus.FraudError;
            lock (_gate)
            {
                if (_byLeafHash.TryGetValue(revoked, out var at))
                {
                    _journeys[at] = _journeys[at] with { Status = status, RevocationLeafIndex = index };
                }
            }

            return;
        }

        if (read.Journey is not { } commitment)
        {
            return; // Not a carpool leaf (the log may carry other kinds), or sealed with no opening at hand.
        }

        var attribution = TerritoryMap.Split(territories) ?? read.Sealed?.Territories;
        var summary = new JourneySummary(commitment.OperatorId, commitment.OperatorJourneyId, index, commitment.Status,
            commitment.ProofClass, commitment.Labels, commitment.Start, commitment.AcceptedAt, null, attribution);
        lock (_gate)
        {
            // Concurrent batches may report out of order: the sorted list keeps log order.
            _byLeafHash[StatusChange.LeafHash(leaf)] = index;
            _byJourneyKey.TryAdd(commitment.OperatorId + "/" + commitment.OperatorJourneyId, index);
            _journeys[index] = summary;
        }
    }

    /// <summary>Records the attribution of journey "operator_id/operator_journey_id" (persisted with its acceptance),
    /// unless its leaf already gave one: an attribution is decided once.</summary>
    public void Attribute(string journeyKey, IReadOnlyList<string>? territories)
    {
        if (territories is null)
        {
            return; // Recorded before attribution existed: the configured territory's (TerritoryMap.Includes).
        }

        lock (_gate)
        {
            if (_byJourneyKey.TryGetValue(journeyKey, out var at) && _journeys[at].Territories is null)
            {
                _journeys[at] = _journeys[at] with { Territories = territories };
            }
        }
    }

    /// <summary>The index of the (first) commitment leaf of journey "operator_id/operator_journey_id", if the log holds one.</summary>
    public long? CommitmentOf(string journeyKey)
    {
        lock (_gate)
        {
            return _byJourneyKey.TryGetValue(journeyKey, out var at) ? at : null;
        }
    }

    /// <summary>The index of the status-change leaf that revoked the journey leaf of this RFC 9162 leaf hash, if any.</summary>
    public long? RevocationOf(string journeyLeafHash)
    {
        lock (_gate)
        {
            return _byLeafHash.TryGetValue(journeyLeafHash, out var at) ? _journeys[at].RevocationLeafIndex : null;
        }
    }

    /// <summary>Journeys with a leaf index above <paramref name="after"/>, in log order, at most <paramref name="limit"/>;
    /// with a <paramref name="territory"/>, only those attributed to it (<paramref name="implicitCode"/>: the configured
    /// territory, whose are the journeys recorded before attribution existed).</summary>
    public (List<JourneySummary> Page, long? Next) List(string? operatorId, string? status, long after, int limit, string? territory = null, string? implicitCode = null)
    {
        var page = new List<JourneySummary>(Math.Min(limit, 256));
        lock (_gate)
        {
            var start = LowerBound(after + 1);
            var values = _journeys.Values;
            for (var i = start; i < values.Count; i++)
            {
                var j = values[i];
                if ((operatorId is null || j.OperatorId == operatorId) && (status is null || j.Status == status)
                    && (territory is null || TerritoryMap.Includes(j.Territories, territory, implicitCode ?? string.Empty)))
                {
                    if (page.Count == limit)
                    {
                        return (page, page[^1].LeafIndex);
                    }

                    page.Add(j);
                }
            }
        }

        return (page, null);
    }

    /// <summary>A cancellation leaf's reason is "canceled"; any other revocation is a fraud flag.</summary>
    private static string StatusOf(StatusChange change) =>
        change.Reason == JourneyStatus.Canceled ? JourneyStatus.Canceled : JourneyStatus.FraudError;

    private int LowerBound(long index)
    {
        var keys = _journeys.Keys;
        int lo = 0, hi = keys.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (keys[mid] < index)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
