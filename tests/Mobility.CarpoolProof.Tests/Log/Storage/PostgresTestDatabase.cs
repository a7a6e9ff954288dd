using Mobility.Tests.Shared;
using Npgsql;

namespace Mobility.CarpoolProof.Tests.Log.Storage;

/// <summary>
/// The PostgreSQL server of MOBILITY_TEST_POSTGRES: when it is unset or unreachable the test is skipped with a
/// message, and fails under CI=true.
/// </summary>
internal static class PostgresTestDatabase
{
    public static string ConnectionStringOrSkip()
    {
        var connectionString = Environment.GetEnvironmentVariable("MOBILITY_TEST_POSTGRES");
        string? problem = null;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            problem = "MOBILITY_TEST_POSTGRES is not set";
        }
        else
        {
            try
            {
                using var connection = new NpgsqlConnection(connectionString);
                connection.Open();
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
            {
                problem = $"PostgreSQL is unreachable ({e.Message})";
            }
        }

        if (problem is null)
        {
            return connectionString!;
        }

        if (SharedData.IsCi)
        {
            throw new InvalidOperationException($"{problem}: CI must provide PostgreSQL.");
        }

        Assert.Skip($"Skipped: {problem}.");
        return string.Empty;
    }

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
