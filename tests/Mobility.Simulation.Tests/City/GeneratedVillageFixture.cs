using System.IO.Compression;
using Mobility.City;

namespace Mobility.Simulation.Tests.City;

/// <summary>One village generated per test class into a temporary folder, deleted afterwards.</summary>
public sealed class GeneratedVillageFixture : IDisposable
{
    public GeneratedVillageFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "mobility-city-tests", Guid.NewGuid().ToString("N"));
        City = CityGenerator.Generate(CitySpec.Preset("village", 42), Directory);
    }

    public string Directory { get; }

    public GeneratedCity City { get; }

    public Dictionary<string, List<Dictionary<string, string>>> ReadGtfs()
    {
        using var zip = ZipFile.OpenRead(City.GtfsPath);
        var tables = new Dictionary<string, List<Dictionary<string, string>>>();
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(entry.Open());
            tables[entry.FullName] = Csv.Read(reader);
        }

        return tables;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A small RFC 4180 reader for the tests: quoted fields, doubled quotes, LF or CRLF.</summary>
public static class Csv
{
    public static List<Dictionary<string, string>> Read(TextReader reader)
    {
        var rows = new List<Dictionary<string, string>>();
        string[]? header = null;
        while (reader.ReadLine() is { } line)
        {
            var fields = Split(line);
            if (header is null)
            {
                header = fields;
                continue;
            }

            Assert.Equal(header.Length, fields.Length);
            var row = new Dictionary<string, string>(header.Length);
            for (var i = 0; i < header.Length; i++)
            {
                row[header[i]] = fields[i];
            }

            rows.Add(row);
        }

        return rows;
    }

    private static string[] Split(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return [.. fields];
    }
}
