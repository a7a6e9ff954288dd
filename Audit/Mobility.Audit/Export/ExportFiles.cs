namespace Mobility.Audit.Export;

/// <summary>
/// The files of an audit export beside the log's (<c>leaves.txt</c>, <c>checkpoint</c>, <c>platform.vkey</c>,
/// <c>attestations/</c>); docs/audit.md "Export format" describes each member.
/// </summary>
public static class ExportFiles
{
    /// <summary>One accepted journey per line, in log order: its leaf, the declaration the operator sent.</summary>
    public const string Journeys = "journeys.jsonl";

    /// <summary>One operator-signed batch manifest per line, in the order received: the declaration hashes and the operator's signature over them.</summary>
    public const string Batches = "batches.jsonl";

    /// <summary>The openings of the sealed (v2) leaves, in log order: salt and committed body (the log's private half).</summary>
    public const string Openings = "openings.jsonl";

    /// <summary>Key bindings in the order they were made: operator signing keys and devices (to identities).</summary>
    public const string Bindings = "bindings.jsonl";

    /// <summary>One file per campaign: its stored document, phases, the journeys it counted, its anchored settlements.</summary>
    public const string Campaigns = "campaigns";

    /// <summary>Beside each campaign's file, the document it counts under as stored (its bytes are what settlements hash).</summary>
    public const string DocumentSuffix = ".document.json";
}
