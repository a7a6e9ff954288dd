using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Mobility.Tests.Shared;

/// <summary>
/// A PostgreSQL server for the tests. Preferably its own: <c>initdb</c> and <c>pg_ctl</c> from
/// /usr/lib/postgresql/15/bin into a temporary folder on a free port (as the <c>postgres</c> user when the tests run
/// as root, since PostgreSQL refuses to run as root). Otherwise the server named by <c>MOBILITY_TEST_POSTGRES</c>.
/// With neither, PostgreSQL tests skip with what to install, and fail under CI=true.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string BinFolder = "/usr/lib/postgresql/15/bin";
    private string? _dataFolder;
    private string? _problem;

    /// <summary>A connection string to a superuser's maintenance database, or null when no server could be had.</summary>
    public string? AdminConnectionString { get; private set; }

    public string Origin { get; private set; } = "none";

    public async ValueTask InitializeAsync()
    {
        var problems = new List<string>();
        if (File.Exists(Path.Combine(BinFolder, "initdb")))
        {
            try
            {
                await StartOwnServerAsync();
                Origin = $"own server in {_dataFolder}";
                return;
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception or NpgsqlException)
            {
                problems.Add($"own server: {e.Message}");
                await StopOwnServerAsync();
            }
        }
        else
        {
            problems.Add($"no {BinFolder}/initdb");
        }

        var env = Environment.GetEnvironmentVariable("MOBILITY_TEST_POSTGRES");
        if (!string.IsNullOrEmpty(env))
        {
            try
            {
                await using var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(env) { Timeout = 5 }.ConnectionString);
                await c.OpenAsync();
                AdminConnectionString = env;
                Origin = "MOBILITY_TEST_POSTGRES";
                return;
            }
            catch (Exception e) when (e is NpgsqlException or SocketException or ArgumentException)
            {
                problems.Add($"MOBILITY_TEST_POSTGRES unreachable: {e.Message}");
            }
        }
        else
        {
            problems.Add("MOBILITY_TEST_POSTGRES unset");
        }

        _problem = string.Join("; ", problems);
    }

    /// <summary>A new empty database on the server; skips (or fails under CI) when there is no server.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        if (AdminConnectionString is null)
        {
            var message = $"No PostgreSQL for the tests ({_problem}). Install PostgreSQL 15 (apt-get install postgresql-15) or set MOBILITY_TEST_POSTGRES.";
            if (SharedData.IsCi)
            {
                throw new InvalidOperationException(message);
            }

            Assert.Skip(message);
        }

        var name = "mobility_" + Guid.NewGuid().ToString("N")[..12];
        await using (var c = new NpgsqlConnection(AdminConnectionString))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
            await cmd.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync() => await StopOwnServerAsync();

    private async Task StartOwnServerAsync()
    {
        _dataFolder = Directory.CreateTempSubdirectory("mobility-pg-").FullName;
        var port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", _dataFolder], asPostgres: false);
        }

        var pgdata = Path.Combine(_dataFolder, "pgdata");
        await RunAsync(Path.Combine(BinFolder, "initdb"), ["-D", pgdata, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"], asRoot);
        await RunAsync(Path.Combine(BinFolder, "pg_ctl"), ["-D", pgdata, "-l", Path.Combine(_dataFolder, "log"), "-w", "-t", "30",
            "-o", $"-p {port} -k {_dataFolder} -c listen_addresses=127.0.0.1 -c fsync=off", "start"], asRoot);
        AdminConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=10";
    }

    private async Task StopOwnServerAsync()
    {
        if (_dataFolder is null)
        {
            return;
        }

        var pgdata = Path.Combine(_dataFolder, "pgdata");
        if (File.Exists(Path.Combine(pgdata, "postmaster.pid")))
        {
            try
            {
                await RunAsync(Path.Combine(BinFolder, "pg_ctl"), ["-D", pgdata, "-m", "immediate", "-w", "stop"], Environment.UserName == "root");
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }
        }

        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
        }

        _dataFolder = null;
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> args, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : program) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (asPostgres)
        {
            foreach (var a in (string[])["-u", "postgres", "--", program])
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot run {program}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} exited with {process.ExitCode}: {(await stderr).Trim()} {(await stdout).Trim()}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
