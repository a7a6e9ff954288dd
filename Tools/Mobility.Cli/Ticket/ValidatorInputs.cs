using System.Globalization;
using Mobility.CarpoolProof.Attestations;
using Mobility.CarpoolProof.Log.Notes;

namespace Mobility.Node.Cli.Ticket;

/// <summary>
/// What the offline validator commands (<c>validate</c>, <c>validate-carpool</c>) read the same way: the validation time,
/// size-bounded input files, and the published log leaves that carry revocations. Each returns the refusal to print
/// (exit 2) or null.
/// </summary>
internal static class ValidatorInputs
{
    public const int MaxLeaves = 10_000_000;

    /// <summary><c>--at</c>: ISO-8601, UTC when no offset is given; now when absent.</summary>
    public static string? At(string? at, out DateTimeOffset now)
    {
        now = TimeProvider.System.GetUtcNow();
        return at is null || DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out now)
            ? null
            : $"--at '{at}' is not an ISO-8601 time";
    }

    public static string? File(string path, long maxBytes, string limit) =>
        System.IO.File.Exists(path) && new FileInfo(path).Length <= maxBytes ? null : $"{path}: no such file, or larger than {limit}";

    /// <summary>
    /// <c>--leaves</c> (one base64 leaf a line, in log order: <c>leaves.txt</c> of <c>mobility audit export</c>, or the
    /// <c>leaves</c> of <c>GET /log/leaves</c>) checked against <c>--checkpoint</c> (the C2SP note of
    /// <c>GET /log/checkpoint</c>) signed by the platform key: leaves that do not make the signed tree are refused, so a
    /// forged file can neither hide a revocation nor invent one.
    /// </summary>
    public static string? Leaves(string? leavesFile, string? checkpointFile, string vkey, out List<byte[]>? leaves)
    {
        leaves = null;
        if (leavesFile is null && checkpointFile is null)
        {
            return null;
        }

        if (leavesFile is null || checkpointFile is null)
        {
            return "--leaves and --checkpoint go together (the leaves are checked against the signed checkpoint)";
        }

        if (File(checkpointFile, 64 * 1024, "64 KiB") is { } bad)
        {
            return bad;
        }

        if (!System.IO.File.Exists(leavesFile))
        {
            return $"{leavesFile}: no such file";
        }

        var read = new List<byte[]>();
        var line = 0;
        foreach (var text in System.IO.File.ReadLines(leavesFile))
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            if (read.Count >= MaxLeaves || text.Length > 1 << 16)
            {
                return $"{leavesFile}:{line}: more than {MaxLeaves} leaves, or a line longer than 64 KiB";
            }

            try
            {
                read.Add(Convert.FromBase64String(text.Trim()));
            }
            catch (FormatException)
            {
                return $"{leavesFile}:{line}: not base64";
            }
        }

        try
        {
            if (AttestationVerifier.CheckPublishedLeaves(read, System.IO.File.ReadAllText(checkpointFile), NoteVerifier.Parse(vkey)) is { } failure)
            {
                return $"{leavesFile}: {failure}";
            }
        }
        catch (Exception ex) when (ex is FormatException or NoteException or ArgumentException)
        {
            return $"{checkpointFile}: {ex.Message}";
        }

        leaves = read;
        return null;
    }
}
