using Mobility.Audit.Cli;

namespace Mobility.Audit.Export;

/// <summary>
/// The export of <c>export --data</c> as a library call, for a node that serves it over HTTP
/// (<c>GET /authority/audit/export</c>): the same code, read-only and keyless. Answers the line the command prints.
/// </summary>
public static class AuditExporter
{
    public static string FromDataFolder(string dataFolder, string outDirectory) => AuditExportCommand.Export(dataFolder, outDirectory);

    public static string FromPostgres(string dataFolder, string connectionString, string outDirectory) =>
        AuditExportCommand.ExportPostgres(dataFolder, connectionString, outDirectory);
}
