using Akka.Actor;
using Akka.Hosting;
using Mobility.Actors.Campaigns;
using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.Node.Api;

/// <summary>
/// The active campaigns' documents as this node last read them, for what reads campaign terms on a hot path: the
/// planner's incentive estimate (<see cref="PlanIncentives"/>) and the transit benefits validators download
/// (<c>GET /tickets/carpool-benefits</c>). Read from the campaign entities (<see cref="CampaignCommands.Terms"/>) and
/// kept for <see cref="MaxAge"/>; a request never waits for them: it uses what was last read and a read starts in the
/// background when that is older. Activating or closing a campaign on this node reads them again at once; another
/// node sees the change within <see cref="MaxAge"/>.
/// </summary>
public sealed class ActiveCampaigns(IRequiredActor<CampaignDirectory> directory, IRequiredActor<CampaignRegion> campaigns, TimeProvider clock, ILogger<ActiveCampaigns> log)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    /// <summary>At most this many active campaigns are read (a territory runs a handful).</summary>
    public const int MaxCampaigns = 200;

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    private volatile Known _known = new([], DateTimeOffset.MinValue);
    private int _reading;

    /// <summary>The active campaigns last read (possibly none yet); starts a read in the background when stale.</summary>
    public IReadOnlyList<CampaignDocument> Active
    {
        get
        {
            _ = Current; // starts a read when stale
            return _known.Documents;
        }
    }

    /// <summary>The active campaigns last read, each with its document's bytes as written (its SHA-256 is the document's).</summary>
    public IReadOnlyList<(CampaignDocument Document, byte[] Bytes)> Current
    {
        get
        {
            var known = _known;
            if (clock.GetUtcNow() - known.ReadAt > MaxAge && Interlocked.CompareExchange(ref _reading, 1, 0) == 0)
            {
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await ReadAsync(CancellationToken.None);
                    }
                    finally
                    {
                        Volatile.Write(ref _reading, 0);
                    }
                });
            }

            return known.Campaigns;
        }
    }

    /// <summary>The active campaigns, read again first when what is known is older than <see cref="MaxAge"/> (for rare readers that can wait).</summary>
    public async Task<IReadOnlyList<(CampaignDocument Document, byte[] Bytes)>> FreshAsync(CancellationToken ct)
    {
        if (clock.GetUtcNow() - _known.ReadAt > MaxAge)
        {
            await ReadAsync(ct);
        }

        return _known.Campaigns;
    }

    /// <summary>Reads the active campaigns now (after an activation or a closing on this node).</summary>
    public async Task ReadAsync(CancellationToken ct)
    {
        try
        {
            if (await directory.ActorRef.Ask<object>(new CampaignDirectoryMessages.ListActive(), AskTimeout, ct) is not CampaignDirectoryMessages.Active active)
            {
                return;
            }

            var previous = _known.Campaigns.ToDictionary(c => c.Document.Sha256Hex, c => c.Document, StringComparer.Ordinal);
            var terms = await Task.WhenAll(active.CampaignIds.Take(MaxCampaigns).Select(id => campaigns.ActorRef.Ask<object>(new CampaignCommands.Terms(id), AskTimeout, ct)));
            var documents = new List<(CampaignDocument Document, byte[] Bytes)>();
            foreach (var t in terms.OfType<CampaignTerms>().Where(t => t.Phase == "active" && t.Document.Length > 0))
            {
                var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(t.Document));
                documents.Add((previous.TryGetValue(sha, out var parsed) ? parsed : CampaignParser.Parse(t.Document), t.Document));
            }

            _known = new Known([.. documents.OrderBy(d => d.Document.Id.Value, StringComparer.Ordinal)], clock.GetUtcNow());
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException or CampaignDocumentException)
        {
            // The previous campaigns stay in use; the next plan tries again after MaxAge.
            _known = _known with { ReadAt = clock.GetUtcNow() };
            log.LogWarning("Active campaigns not read for the planner: {Reason}", e.Message);
        }
    }

    private sealed record Known(IReadOnlyList<(CampaignDocument Document, byte[] Bytes)> Campaigns, DateTimeOffset ReadAt)
    {
        /// <summary>The parsed documents alone, built once per read (the planner asks on every plan).</summary>
        public IReadOnlyList<CampaignDocument> Documents { get; } = [.. Campaigns.Select(c => c.Document)];
    }
}
