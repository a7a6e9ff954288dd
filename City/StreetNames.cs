namespace Mobility.City;

/// <summary>Fictional French street names, unique per street line; seeded so two cities do not share a street plan.</summary>
internal static class StreetNames
{
    private static readonly string[] Pool =
    [
        "Pasteur", "des Lilas", "Victor Hugo", "de la République", "Jean Jaurès", "des Tilleuls", "Gambetta",
        "du Marché", "des Capucins", "Molière", "de la Poste", "Voltaire", "des Écoles", "Émile Zola", "du Moulin",
        "des Acacias", "Paul Bert", "de la Gare", "Sully", "des Platanes", "Lamartine", "du Château", "Garibaldi",
        "des Remparts", "Danton", "de la Fontaine", "Colbert", "des Cerisiers", "Montesquieu", "de l'Église",
        "Condorcet", "des Peupliers", "Rabelais", "du Port", "Louise Michel", "des Jardins", "Berlioz", "du Pont",
        "Marie Curie", "des Vignes", "Duguesclin", "de la Charité", "Racine", "des Marronniers", "Corneille",
        "des Tanneurs", "George Sand", "du Plâtre", "Vauban", "des Chartreux", "Saint-Jean", "de Sèze", "Turenne",
        "des Célestins", "Boileau", "du Bât-d'Argent", "Mazenod", "des Soyeux", "Tronchet", "de la Thibaudière",
    ];

    public static string Line(StreetGrid grid, int index, bool horizontal)
    {
        var cls = grid.LineClass(index, horizontal);
        string prefix;
        if (horizontal && (index == grid.RiverRow || index == grid.RiverRow + 1))
        {
            prefix = "Quai";
        }
        else
        {
            prefix = cls switch
            {
                StreetClass.Primary => horizontal ? "Cours" : "Boulevard",
                StreetClass.Secondary => "Avenue",
                _ => horizontal ? "Rue" : "Rue",
            };
        }

        var offset = CityRandom.Below(grid.Seed, RandomStream.Names, 0, Pool.Length);
        var k = index + (horizontal ? 0 : grid.NodesY);
        var name = Pool[(k + offset) % Pool.Length];
        var round = k / Pool.Length;
        return round == 0 ? $"{prefix} {name}" : $"{prefix} {name} {round + 1}";
    }

    public static string Crossing(StreetGrid grid, int i, int j) =>
        $"{Short(Line(grid, i, false))} / {Short(Line(grid, j, true))}";

    /// <summary>"Rue des Lilas" -> "Lilas", "Quai de la Poste" -> "Poste": how stops and stations are named on signs.</summary>
    private static string Short(string name)
    {
        var space = name.IndexOf(' ', StringComparison.Ordinal);
        var rest = space < 0 ? name : name[(space + 1)..];
        foreach (var article in new[] { "de la ", "de l'", "des ", "du ", "de " })
        {
            if (rest.StartsWith(article, StringComparison.Ordinal) && rest.Length > article.Length)
            {
                return char.ToUpperInvariant(rest[article.Length]) + rest[(article.Length + 1)..];
            }
        }

        return rest;
    }
}
