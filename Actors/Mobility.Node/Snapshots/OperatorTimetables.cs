using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mobility.Node.Snapshots;

/// <summary>An operator's accepted GTFS upload as the planner reads it: its version, content hash and kept file.</summary>
public sealed record UploadedFeed(string OperatorId, int Version, string Sha256, string Path)
{
    /// <summary>The feed id its trips and stops are namespaced with: never the city's, never another operator's.</summary>
    public string FeedId => "upload." + OperatorId;
}

/// <summary>
/// The GTFS feeds operators uploaded, in the planner. Each operator has at most one current feed, named by
/// <c>DATA/feeds/OPERATOR/current.json</c> (version, SHA-256, file), so a restart serves what was served. An accepted
/// upload builds a whole new snapshot (the city's feeds and every operator's current one, on the same street network)
/// off the request path, and only once the build succeeded and the version is recorded is it published, in one swap
/// (<see cref="IRoutingSnapshotSource.Swap"/>): a query running meanwhile keeps the snapshot it took, old or new,
/// never a mix, and an upload refused at any step leaves the served feed as it was. Changes are serialized (one build
/// at a time, the start-up build included) so that two uploads cannot publish over each other.
/// </summary>
public sealed class OperatorTimetables(RealtimeTimetables realtime, string dataFolder)
{
    public const string CurrentFile = "current.json";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyList<string> _cityGtfs = [];
    private ImmutableSortedDictionary<string, UploadedFeed> _uploads = ImmutableSortedDictionary.Create<string, UploadedFeed>(StringComparer.Ordinal);

    /// <summary>Each operator's feed the served snapshot holds.</summary>
    public IReadOnlyDictionary<string, UploadedFeed> Current => _uploads;

    /// <summary>Waits for the previous change to end; dispose the change to let the next one in.</summary>
    public async Task<Change> BeginAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        return new Change(this);
    }

    /// <summary>
    /// At start (inside a change): remembers the city's feeds and reads each operator's <c>current.json</c>. An upload
    /// whose file is gone or altered is left out with a line saying so; it never stops the node.
    /// </summary>
    internal (IReadOnlyList<UploadedFeed> Uploads, IReadOnlyList<string> Lines) Recorded(IReadOnlyList<string> cityGtfs)
    {
        _cityGtfs = cityGtfs;
        var uploads = new List<UploadedFeed>();
        var lines = new List<string>();
        var root = Path.Combine(dataFolder, "feeds");
        if (!Directory.Exists(root))
        {
            return (uploads, lines);
        }

        foreach (var folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var marker = Path.Combine(folder, CurrentFile);
            if (!File.Exists(marker))
            {
                continue;
            }

            try
            {
                var recorded = JsonSerializer.Deserialize(File.ReadAllBytes(marker), UploadJson.Default.CurrentUpload) ?? throw new JsonException("empty");
                var file = Path.Combine(folder, recorded.Sha256 + ".zip");
                using (var stream = File.OpenRead(file))
                {
                    if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(stream)), recorded.Sha256, StringComparison.Ordinal))
                    {
                        lines.Add($"GTFS upload of {Path.GetFileName(folder)} left out: '{file}' no longer has its recorded SHA-256");
                        continue;
                    }
                }

                uploads.Add(new UploadedFeed(Path.GetFileName(folder), recorded.Version, recorded.Sha256, file));
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
            {
                lines.Add($"GTFS upload of {Path.GetFileName(folder)} left out: {e.Message}");
            }
        }

        return (uploads, lines);
    }

    private void Set(UploadedFeed feed, bool record)
    {
        _uploads = _uploads.SetItem(feed.OperatorId, feed);
        if (record)
        {
            // Written whole then moved: a crash leaves the previous current feed or this one.
            var marker = Path.Combine(Path.GetDirectoryName(feed.Path)!, CurrentFile);
            var temporary = marker + ".tmp";
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(new CurrentUpload(feed.Version, feed.Sha256), UploadJson.Default.CurrentUpload));
            File.Move(temporary, marker, overwrite: true);
        }
    }

    /// <summary>One change of the operators' feeds, holding the gate until disposed.</summary>
    public sealed class Change(OperatorTimetables owner) : IDisposable
    {
        private int _disposed;

        /// <summary>Records the uploads the start-up build read (no file written).</summary>
        internal void Started(IEnumerable<UploadedFeed> uploads)
        {
            foreach (var u in uploads)
            {
                owner.Set(u, record: false);
            }
        }

        /// <summary>
        /// Builds, off the caller's thread, the snapshot the planner would serve with <paramref name="feed"/> as its
        /// operator's feed; nothing is served yet. Null when this node has no routing snapshot (no street network, or
        /// still building): the upload is then only recorded.
        /// </summary>
        /// <exception cref="SnapshotInputException">The feeds cannot be combined into a timetable.</exception>
        public Task<RoutingSnapshot?> BuildAsync(UploadedFeed feed, CancellationToken ct)
        {
            if (owner.Basis is not { } basis)
            {
                return Task.FromResult<RoutingSnapshot?>(null);
            }

            var uploads = owner._uploads.SetItem(feed.OperatorId, feed).Values.ToList();
            return Task.Run<RoutingSnapshot?>(() => RoutingSnapshotBuilder.Rebuild(basis, owner._cityGtfs, uploads), ct);
        }

        /// <summary>Serves <paramref name="snapshot"/> (with the realtime messages in force applied) and records the feed as current.</summary>
        public void Publish(UploadedFeed feed, RoutingSnapshot? snapshot)
        {
            if (snapshot is not null)
            {
                owner.Serve(snapshot);
            }

            owner.Set(feed, record: true);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner._gate.Release();
            }
        }
    }

    private RoutingSnapshot? Basis => realtime.Static;

    private void Serve(RoutingSnapshot snapshot) => realtime.PublishStatic(snapshot);
}

/// <summary>The content of an operator's <c>current.json</c>.</summary>
public sealed record CurrentUpload(int Version, string Sha256);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CurrentUpload))]
internal sealed partial class UploadJson : JsonSerializerContext;
