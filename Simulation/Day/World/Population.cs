using Mobility.City;

namespace Mobility.Simulation.Day.World;

public enum Role
{
    Worker,
    Student,
    Other,
}

/// <summary>Why a trip is made (its destination's activity).</summary>
public enum Purpose
{
    Work,
    School,
    Shop,
    Home,
}

/// <summary>One trip of a chain: from a place to another, leaving at a minute of the day.</summary>
public sealed record PlannedTrip(int Traveler, int Number, CityIntersection From, CityIntersection To, int DepartMinute, Purpose Purpose);

/// <param name="Index">Traveler number (0-based).</param>
/// <param name="DriverOf">For a carpool driver: the index in <see cref="Population.Drivers"/>; -1 otherwise.</param>
/// <param name="CarpoolProne">Open to carpool (the behaviour model's propensity).</param>
public sealed record Traveler(int Index, Role Role, CityIntersection Home, CityIntersection? Activity, int DriverOf, bool CarpoolProne, IReadOnlyList<PlannedTrip> Trips);

/// <summary>
/// The people of the simulated day and their trip chains, a pure function of the city spec, the scenario seed and
/// the population settings (docs/simulation.md, "Population and demand").
/// </summary>
public sealed class Population
{
    /// <summary>Drivers publish offers only for rides long enough to be declared (the registry refuses under 2 km).</summary>
    public const double MinCarpoolMeters = 3_000;

    private Population(IReadOnlyList<CityIntersection> places, IReadOnlyList<Traveler> travelers, IReadOnlyList<int> drivers, PlaceUse use)
    {
        Places = places;
        Travelers = travelers;
        Drivers = drivers;
        Use = use;
    }

    public IReadOnlyList<CityIntersection> Places { get; }

    public IReadOnlyList<Traveler> Travelers { get; }

    /// <summary>Traveler indexes of the carpool drivers.</summary>
    public IReadOnlyList<int> Drivers { get; }

    public PlaceUse Use { get; }

    public IEnumerable<PlannedTrip> AllTrips => Travelers.SelectMany(t => t.Trips);

    public static Population Generate(CitySpec city, long seed, int travelers, double carpoolDrivers, double carpoolPropensity)
    {
        var places = CityPlaces.Of(city);
        var use = PlaceUse.Of(places);
        var people = new Traveler[travelers];
        var drivers = new List<int>();

        // First pass: roles, homes, activities; carpool drivers among the workers whose commute is long enough.
        var roles = new Role[travelers];
        var homes = new CityIntersection[travelers];
        var activities = new CityIntersection?[travelers];
        for (var i = 0; i < travelers; i++)
        {
            var u = SimRandom.Unit(seed, DayStream.Role, i);
            roles[i] = u < 0.55 ? Role.Worker : u < 0.75 ? Role.Student : Role.Other;
            homes[i] = use.Homes[SimRandom.Below(seed, DayStream.Home, i, use.Homes.Count)];
            activities[i] = roles[i] switch
            {
                Role.Worker => use.Workplaces[SimRandom.Below(seed, DayStream.Work, i, use.Workplaces.Count)],
                Role.Student => use.NearestOf(use.Schools, homes[i]),
                _ => null,
            };
            if (roles[i] == Role.Worker && Distance(homes[i], activities[i]!) >= MinCarpoolMeters && SimRandom.Unit(seed, DayStream.Driver, i) < carpoolDrivers)
            {
                drivers.Add(i);
            }
        }

        // Carpool-prone workers: some live near a driver and work near the driver's workplace (colleagues on one
        // corridor), the only way offers and demand meet in a city without origin-destination data.
        var prone = new bool[travelers];
        for (var i = 0; i < travelers; i++)
        {
            prone[i] = SimRandom.Unit(seed, DayStream.Propensity, i) < carpoolPropensity;
            if (prone[i] && roles[i] == Role.Worker && drivers.Count > 0 && !drivers.Contains(i) && SimRandom.Unit(seed, DayStream.Neighbour, i) < 0.5)
            {
                var d = drivers[SimRandom.Below(seed, DayStream.Neighbour, i, drivers.Count, 1)];
                homes[i] = use.Near(homes[d], SimRandom.Hash(seed, DayStream.Neighbour, i, 2));
                activities[i] = use.Near(activities[d]!, SimRandom.Hash(seed, DayStream.Neighbour, i, 3));
            }
        }

        var driverIndex = drivers.Select((t, k) => (t, k)).ToDictionary(x => x.t, x => x.k);
        for (var i = 0; i < travelers; i++)
        {
            var trips = Chain(seed, i, roles[i], homes[i], activities[i], use, driverIndex.ContainsKey(i));
            people[i] = new Traveler(i, roles[i], homes[i], activities[i], driverIndex.GetValueOrDefault(i, -1), prone[i], trips);
        }

        return new Population(places, people, drivers, use);
    }

    /// <summary>The day's trips of one traveler (docs/simulation.md gives the time windows).</summary>
    private static List<PlannedTrip> Chain(long seed, int i, Role role, CityIntersection home, CityIntersection? activity, PlaceUse use, bool driver)
    {
        var trips = new List<PlannedTrip>();
        void Add(CityIntersection from, CityIntersection to, int minute, Purpose p)
        {
            if (from.Index != to.Index)
            {
                trips.Add(new PlannedTrip(i, trips.Count, from, to, minute, p));
            }
        }

        switch (role)
        {
            case Role.Worker:
                {
                    var leave = SimRandom.Minute(seed, DayStream.Departure, i, 6 * 60 + 30, 8 * 60, 9 * 60 + 30);
                    var back = SimRandom.Minute(seed, DayStream.Departure, i, 16 * 60, 17 * 60 + 30, 19 * 60, 1);
                    Add(home, activity!, leave, Purpose.Work);
                    Add(activity!, home, back, Purpose.Home);
                    if (!driver && SimRandom.Unit(seed, DayStream.Errand, i) < 0.25)
                    {
                        var shop = use.ShopFor(home, SimRandom.Below(seed, DayStream.Errand, i, use.Shops.Count, 1));
                        var go = back + 60 + SimRandom.Below(seed, DayStream.Errand, i, 60, 2);
                        Add(home, shop, go, Purpose.Shop);
                        Add(shop, home, go + 45 + SimRandom.Below(seed, DayStream.Errand, i, 30, 3), Purpose.Home);
                    }

                    break;
                }

            case Role.Student:
                {
                    Add(home, activity!, SimRandom.Minute(seed, DayStream.Departure, i, 7 * 60 + 15, 7 * 60 + 45, 8 * 60 + 15), Purpose.School);
                    Add(activity!, home, SimRandom.Minute(seed, DayStream.Departure, i, 16 * 60, 16 * 60 + 45, 18 * 60, 1), Purpose.Home);
                    break;
                }

            default:
                {
                    var shop = use.ShopFor(home, SimRandom.Below(seed, DayStream.Errand, i, use.Shops.Count));
                    var go = SimRandom.Minute(seed, DayStream.Departure, i, 9 * 60, 11 * 60, 16 * 60);
                    Add(home, shop, go, Purpose.Shop);
                    Add(shop, home, go + 60 + SimRandom.Below(seed, DayStream.Errand, i, 90, 1), Purpose.Home);
                    break;
                }
        }

        return trips;
    }

    /// <summary>Great-circle distance in metres (spherical earth), the scale the behaviour model and offers need.</summary>
    public static double Distance(CityIntersection a, CityIntersection b) =>
        new GeoPoint((int)Math.Round(a.Latitude * 1e7), (int)Math.Round(a.Longitude * 1e7)).DistanceTo(new GeoPoint((int)Math.Round(b.Latitude * 1e7), (int)Math.Round(b.Longitude * 1e7)));
}

/// <summary>
/// Land use read from the grid's zoning: workplaces in the centre and along arterials, shops on arterials, a school
/// every 25th residential intersection, homes everywhere outside the inner centre.
/// </summary>
public sealed record PlaceUse(IReadOnlyList<CityIntersection> Homes, IReadOnlyList<CityIntersection> Workplaces, IReadOnlyList<CityIntersection> Shops, IReadOnlyList<CityIntersection> Schools, IReadOnlyList<CityIntersection> All)
{
    public static PlaceUse Of(IReadOnlyList<CityIntersection> places)
    {
        var homes = places.Where(p => p.CentreDistance > 0.15 && p.CentreDistance < 1.2).ToList();
        var work = places.Where(p => p.CentreDistance < 0.35 || (p.OnArterial && p.CentreDistance < 0.9)).ToList();
        var shops = places.Where(p => p.OnArterial).ToList();
        var residential = places.Where(p => !p.OnArterial && p.CentreDistance > 0.2).ToList();
        var schools = residential.Where((_, k) => k % 25 == 12).ToList();
        return new PlaceUse(homes, work, shops.Count > 0 ? shops : work, schools.Count > 0 ? schools : residential, places);
    }

    /// <summary>The drawn shop, or the next one when it is the traveler's own home.</summary>
    public CityIntersection ShopFor(CityIntersection home, int draw) =>
        Shops[draw].Index != home.Index || Shops.Count == 1 ? Shops[draw] : Shops[(draw + 1) % Shops.Count];

    public CityIntersection NearestOf(IReadOnlyList<CityIntersection> candidates, CityIntersection p) =>
        candidates.MinBy(c => Population.Distance(c, p))!;

    /// <summary>A place within about 400 m of <paramref name="p"/>, chosen by <paramref name="draw"/>.</summary>
    public CityIntersection Near(CityIntersection p, ulong draw)
    {
        var close = All.Where(c => Math.Abs(c.Latitude - p.Latitude) < 0.0036 && Math.Abs(c.Longitude - p.Longitude) < 0.005
            && Population.Distance(c, p) is > 100 and < 400).ToList();
        return close.Count == 0 ? p : close[(int)(draw % (ulong)close.Count)];
    }
}
