using System.Text;
using System.Text.Json.Nodes;
using Mobility.Simulation.Day.Scenarios;

namespace Mobility.Simulation.Tests.Day;

public sealed class ScenarioReaderTests
{
    private const string Valid = """
        {
          "schema_version": 1,
          "city": { "preset": "town", "seed": 42 },
          "seed": 7,
          "date": "2027-01-12",
          "population": { "travelers": 500 },
          "operators": ["covoit-a", "covoit-b"],
          "target": { "in_process": {} }
        }
        """;

    private static IReadOnlyList<string> Refusals(string json) =>
        Assert.Throws<ScenarioException>(() => ScenarioReader.Parse(Encoding.UTF8.GetBytes(json))).Errors.Select(e => e.ToString()).ToList();

    private static string With(Action<JsonObject> change)
    {
        var o = JsonNode.Parse(Valid)!.AsObject();
        change(o);
        return o.ToJsonString();
    }

    [Fact]
    public void A_minimal_scenario_is_read_with_the_documented_defaults()
    {
        var s = ScenarioReader.Parse(Encoding.UTF8.GetBytes(Valid), "/base");
        Assert.Equal(("town", 42L, 7L, new DateOnly(2027, 1, 12)), (s.CityPreset, s.CitySeed, s.Seed, s.Date));
        Assert.Equal(new PopulationSpec(500, 0.05, 0.3), s.Population);
        Assert.Equal(["covoit-a", "covoit-b"], s.Operators);
        Assert.Equal(("valmont", 8, 0.5, 0.0), (s.Territory, s.Concurrency, s.BatchShare, s.SpeedUp));
        Assert.Equal(new FraudSpec(0, 0, 0, 0), s.Fraud);
        Assert.True(s.Target.InProcess);
        Assert.Null(s.Target.DataFolder);
        Assert.Empty(s.Faults);
    }

    [Fact]
    public void Every_problem_is_listed_at_its_json_path_in_one_pass()
    {
        var errors = Refusals(With(o =>
        {
            o["colour"] = "blue";
            o["seed"] = "7";
            o["date"] = "2027-02-30";
            o["population"]!["travelers"] = 0;
            o["population"]!["carpool_drivers"] = 1.5;
            o["city"]!["preset"] = "megacity";
        }));
        Assert.Equal(
        [
            "$.colour: unknown field (allowed: schema_version, city, seed, date, territory, population, operators, campaigns, fraud, faults, speed_up, concurrency, batch_share, target)",
            "$.city.preset: 'megacity' is not a preset (one of village, town, city, metropolis)",
            "$.seed: expected an integer, found a string",
            "$.date: '2027-02-30' is not a calendar date (YYYY-MM-DD)",
            "$.population.travelers: must be within [1, 1000000] (found 0)",
            "$.population.carpool_drivers: must be within [0, 1] (found 1.5)",
        ], errors);
    }

    [Fact]
    public void Missing_required_fields_are_named()
    {
        Assert.Equal(
        [
            "$.city: required field is missing", "$.seed: required field is missing", "$.date: required field is missing",
            "$.population: required field is missing", "$.operators: required field is missing", "$.target: required field is missing",
        ], Refusals("""{"schema_version": 1}"""));
    }

    [Theory]
    [InlineData("""{"operators": ["covoit-a", "covoit-a"]}""", "$.operators[1]: 'covoit-a' is listed twice")]
    [InlineData("""{"operators": ["Covoit A"]}""", "$.operators[0]: expected an operator id matching ^[a-z0-9][a-z0-9-]{0,63}$")]
    [InlineData("""{"operators": []}""", "$.operators: 1 to 8 carpool operators (found 0)")]
    [InlineData("""{"faults": [{"at": "10:00", "kind": "meteor"}]}""", "$.faults[0].kind: 'meteor' is not a fault this command injects yet (one of node-restart)")]
    [InlineData("""{"faults": [{"at": "25:00", "kind": "node-restart"}]}""", "$.faults[0].at: '25:00' is not a time of day (HH:mm)")]
    [InlineData("""{"fraud": {"overlap": 0.6, "invented_distance": 0.6}}""", "$.fraud: overlap + invented_distance + replayed_statement + class_a_aimed must not exceed 1 (shares of the same carpool journeys)")]
    [InlineData("""{"fraud": {"driver_is_passenger": 1.5}}""", "$.fraud.driver_is_passenger: expected an integer, found 1.5")]
    [InlineData("""{"campaigns": [3]}""", "$.campaigns[0]: expected a campaign document (an object), found a number")]
    [InlineData("""{"target": {"in_process": {}, "url": "http://127.0.0.1:5080"}}""", "$.target: exactly one of in_process or url")]
    [InlineData("""{"target": {"url": "http://127.0.0.1:5080"}}""", "$.target.url: a node's URL ('http://127.0.0.1:5080') is not supported yet: the day runs on a node this command starts (in_process), whose clock it steps")]
    [InlineData("""{"schema_version": 2}""", "$.schema_version: must be 1 (found 2)")]
    [InlineData("""{"city": {"preset": "town", "seed": 1, "size": 3}}""", "$.city.size: unknown field (allowed: preset, seed)")]
    public void A_bad_value_is_refused_at_its_path(string patch, string expected)
    {
        var json = With(o =>
        {
            foreach (var (k, v) in JsonNode.Parse(patch)!.AsObject())
            {
                o[k] = v?.DeepClone();
            }
        });
        Assert.Equal([expected], Refusals(json));
    }

    [Fact]
    public void Text_that_is_not_json_is_refused_at_the_root()
    {
        var error = Assert.Single(Refusals("{\"seed\": 1,"));
        Assert.StartsWith("$: not JSON:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_data_folder_is_read_from_the_scenario_file_folder()
    {
        var s = ScenarioReader.Parse(Encoding.UTF8.GetBytes(With(o => o["target"] = JsonNode.Parse("""{"in_process": {"data": "node-data"}}"""))), "/scenarios");
        Assert.Equal(Path.GetFullPath("/scenarios/node-data"), s.Target.DataFolder);
    }

    [Fact]
    public void The_shipped_scenarios_are_read()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "scenarios");
        var files = Directory.GetFiles(folder, "*.json");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            Assert.NotEmpty(ScenarioReader.Read(file).Campaigns);
        }
    }
}
