using System.Text.Json;
using System.Data.Common;

namespace Mobility.Audit.Export;

/// <summary>
/// Reads a node's event journal (the <c>journal</c> table of its SQLite store, in a private copy, or of its PostgreSQL
/// database, in a read-only transaction) without the node's
/// code: each event is JSON (camelCase members, enums as strings) under a stable manifest name
/// (<c>Actors/Mobility.Actors/Serialization/MessageContracts.cs</c>), never changed once stored. Only the events an
/// audit needs are read.
/// </summary>
public static class NodeJournal
{
    public const string JourneyAccepted = "carpool.journey-accepted.v1";
    public const string KeyBound = "carpool.key-bound.v1";
    public const string BatchManifestKept = "carpool.batch-manifest-kept.v1";
    public const string KeyUnbound = "carpool.key-unbound.v1";
    public const string CampaignCreated = "campaign.created.v1";
    public const string CampaignActivated = "campaign.activated.v1";
    public const string CampaignClosed = "campaign.closed.v1";
    public const string CampaignJourneysCounted = "campaign.journeys-counted.v1";
    public const string CampaignJourneyRevoked = "campaign.journey-revoked.v1";
    public const string CampaignSettlementAnchored = "campaign.settlement-anchored.v1";

    /// <summary>A journal to read: a connection, and the read-only transaction it reads in (PostgreSQL), if any.</summary>
    public sealed record Store(DbConnection Connection, DbTransaction? Transaction = null);

    /// <summary>One stored event: whose it is (persistence id), its manifest and its JSON.</summary>
    public sealed record Event(string PersistenceId, string Manifest, JsonElement Body);

    /// <summary>The events of <paramref name="manifests"/>, in journal order (the order the node wrote them).</summary>
    public static IEnumerable<Event> Read(Store journal, params string[] manifests)
    {
        using var select = journal.Connection.CreateCommand();
        select.Transaction = journal.Transaction;
        var names = string.Join(", ", manifests.Select((_, i) => "@m" + i));
        select.CommandText = $"SELECT persistence_id, manifest, message FROM journal WHERE NOT deleted AND manifest IN ({names}) ORDER BY ordering";
        for (var i = 0; i < manifests.Length; i++)
        {
            var p = select.CreateParameter();
            p.ParameterName = "@m" + i;
            p.Value = manifests[i];
            select.Parameters.Add(p);
        }

        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            using var document = JsonDocument.Parse((byte[])reader.GetValue(2));
            yield return new Event(reader.GetString(0), reader.GetString(1), document.RootElement.Clone());
        }
    }
}
