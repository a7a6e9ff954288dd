using System.IO.Compression;
using Mobility.Audit.Export;
using Mobility.Node.Configuration;
using static Mobility.Node.Api.Carpool.CarpoolAsk;

namespace Mobility.Node.Api.Carpool;

/// <summary>
/// <c>GET /authority/audit/export</c>: the audit export of this node (issue 12 part 5, "over HTTP from a node"), the very
/// files <c>mobility-audit export --data</c> writes from its data folder (the same code: read-only copies of the
/// SQLite files, or one read-only PostgreSQL transaction; no key, nothing signed), as one zip. For the authority of the
/// node's territory only (the export holds declarations, bindings and the leaves' openings).
/// <c>mobility-audit export --url URL --token TOKEN --out OUT</c> fetches it and checks the log before it says OK.
/// </summary>
public static class AuditExportEndpoint
{
    /// <summary>One export at a time per node: each copies the node's databases.</summary>
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    internal static async Task<IResult> Export(NodeSettings settings, HttpContext http, CancellationToken ct)
    {
        if (!await OneAtATime.WaitAsync(TimeSpan.Zero, ct))
        {
            http.Response.Headers.RetryAfter = "10";
            return Problem(StatusCodes.Status503ServiceUnavailable, "Export in progress", "Another audit export is being written on this node; retry in a few seconds.");
        }

        var work = Directory.CreateTempSubdirectory("mobility-audit-export-");
        try
        {
            var folder = Path.Combine(work.FullName, "export");
            var zip = Path.Combine(work.FullName, "export.zip");
            await Task.Run(() =>
            {
                var summary = settings.Storage.Provider == StorageProvider.Postgres
                    ? AuditExporter.FromPostgres(settings.DataFolder, settings.Storage.ConnectionString, folder)
                    : AuditExporter.FromDataFolder(settings.DataFolder, folder);
                File.WriteAllText(Path.Combine(folder, "export.txt"), summary + "\n");
                ZipFile.CreateFromDirectory(folder, zip, CompressionLevel.Fastest, includeBaseDirectory: false);
            }, ct);
            var bytes = await File.ReadAllBytesAsync(zip, ct);
            return Results.File(bytes, "application/zip", "audit-export.zip");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException
            or System.Data.Common.DbException or Mobility.CarpoolProof.Log.Storage.LogStoreCorruptException)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, "Export failed", e.Message);
        }
        finally
        {
            OneAtATime.Release();
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder left behind is harmless.
            }
        }
    }
}
