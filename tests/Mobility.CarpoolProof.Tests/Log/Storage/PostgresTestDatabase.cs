using Mobility.Tests.Shared;
using Npgsql;

namespace Mobility.CarpoolProof.Tests.Log.Storage;

/// <summary>
/// One PostgreSQL server for this test process: its own (initdb + pg_ctl of the installed PostgreSQL 15 into a
/// temporary folder, stopped at exit) or MOBILITY_TEST_POSTGRES; with neither the test skips with what to install,
/// and fails under CI=true.
/// </summary>
internal static class PostgresTestDatabase
{
    private static readonly Lazy<PostgresServer> Server = new(() =>
    {
        var server = new PostgresServer();
        server.InitializeAsync().AsTask().GetAwaiter().GetResult();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    });

    /// <summary>A connection string to a new, empty database (the log tests put their schemas in it).</summary>
    public static string ConnectionStringOrSkip() => Server.Value.CreateDatabaseAsync().GetAwaiter().GetResult();

    /// <summary>A fresh schema name; drop it with <see cref="DropSchema"/>.</summary>
    public static string NewSchema() => "tlog_test_" + Guid.NewGuid().ToString("N")[..12];

    public static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public static void DropSchema(string connectionString, string schema) => Execute(connectionString, $"DROP SCHEMA IF EXISTS {schema} CASCADE");
}
