using Microsoft.Extensions.Configuration;
using Mobility.Node.Configuration;

namespace Mobility.Node.Tests.Configuration;

public sealed class SettingsReaderTests
{
    [Fact]
    public void Defaults_serve_sqlite_on_loopback_5080_with_the_demo_city()
    {
        var s = NodeSettingsReader.Read(new ConfigurationBuilder().Build());
        Assert.Equal(new Uri("http://127.0.0.1:5080"), s.HttpUrl);
        Assert.Equal(StorageProvider.Sqlite, s.Storage.Provider);
        Assert.Equal(Path.Combine(NodeSettingsReader.DefaultDataFolder(), "mobility.db"), s.Storage.SqliteFile);
        Assert.Equal(("127.0.0.1", 4053), (s.Cluster.Host, s.Cluster.Port));
        Assert.Empty(s.Cluster.SeedNodes);
        Assert.True(s.City.UsesDemo);
    }

    [Fact]
    public void Environment_style_keys_and_comma_lists_are_read()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            // What MOBILITY__CLUSTER__SEEDNODES=... becomes once the environment provider has read it.
            ["MOBILITY:CLUSTER:SEEDNODES"] = "akka.tcp://mobility@127.0.0.1:4053, akka.tcp://mobility@127.0.0.1:4054",
            ["MOBILITY:STORAGE:PROVIDER"] = "POSTGRES",
            ["MOBILITY:STORAGE:CONNECTIONSTRING"] = "Host=127.0.0.1;Database=m;Username=u",
            ["MOBILITY:DATAFOLDER"] = "/tmp/mobility-x",
        }).Build();
        var s = NodeSettingsReader.Read(config);
        Assert.Equal(2, s.Cluster.SeedNodes.Count);
        Assert.Equal(StorageProvider.Postgres, s.Storage.Provider);
        Assert.Equal(LinqToDB.ProviderName.PostgreSQL15, s.Storage.LinqToDbProvider);
        Assert.Equal("/tmp/mobility-x", s.DataFolder);
    }

    [Fact]
    public void A_relative_sqlite_file_lives_in_the_data_folder()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mobility:DataFolder"] = "/tmp/mobility-y",
            ["Mobility:Storage:ConnectionString"] = "Data Source=events.db",
        }).Build();
        Assert.Equal("/tmp/mobility-y/events.db", NodeSettingsReader.Read(config).Storage.SqliteFile);
    }

    [Fact]
    public void Env_names_follow_the_double_underscore_convention() =>
        Assert.Equal("MOBILITY__STORAGE__CONNECTIONSTRING", NodeSettingsReader.EnvName("Mobility:Storage:ConnectionString"));
}
