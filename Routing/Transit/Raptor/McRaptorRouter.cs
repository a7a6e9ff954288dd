namespace Mobility.Routing.Transit.Raptor;

/// <summary>
/// Multi-criteria RAPTOR (McRAPTOR, Delling, Pajor, Werneck 2012, section 4): the exact Pareto set over arrival time,
/// number of rides and walking time (access, footpaths between stops, egress). Each stop keeps a bag of labels that no
/// other label dominates; round k scans the routes of the stops whose bags changed in round k-1 with a route bag of
/// (label, trip) pairs, then relaxes the footpaths of the labels it created. A label of round k is dropped when a
/// label of the same or an earlier round at its stop is no later to arrive, no later to board again and walked no
/// more; journeys found at the target prune every later label that cannot beat them.
/// Same model as <see cref="RaptorRouter"/>: the change time at a stop after a ride, one footpath after each ride, no
/// footpath after the access walk, at least one ride. Thread-safe: a query allocates its own labels.
/// </summary>
public sealed class McRaptorRouter(Timetable timetable)
{
    private readonly RaptorRouter _trips = new(timetable);

    public Timetable Timetable { get; } = timetable;

    /// <summary>
    /// The Pareto set over (arrival, rides, walking seconds), fewest rides first; within one number of rides, earliest
    /// arrival first. Every journey of the set is one a traveler could prefer: none arrives no earlier, rides no more
    /// and walks no more than another and is worse on one of them.
    /// </summary>
    public IReadOnlyList<TransitJourney> Query(RaptorRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.MaxTrips is < 1 or > RaptorRouter.MaxRounds)
        {
            throw new ArgumentOutOfRangeException(nameof(request), $"MaxTrips between 1 and {RaptorRouter.MaxRounds}");
        }

        var tt = Timetable;
        var n = tt.StopCount;
        var egress = new int[n];
        Array.Fill(egress, -1);
        foreach (var e in request.Egress)
        {
            RaptorRouter.Check(e.Stop, n);
            if (egress[e.Stop] < 0 || e.Seconds < egress[e.Stop])
            {
                egress[e.Stop] = e.Seconds;
            }
        }

        var bags = new List<Label>?[n];
        var results = new List<Label>();
        var created = new List<Label>();
        // Access labels board in round 1 only; they stay out of the bags, where they would beat rides that end at an
        // access stop although a journey needs at least one ride (RAPTOR keeps them apart too).
        foreach (var a in request.Access)
        {
            RaptorRouter.Check(a.Stop, n);
            var t = request.Departure + a.Seconds;
            if (!created.Any(l => l.Stop == a.Stop && l.Walk <= a.Seconds))
            {
                created.RemoveAll(l => l.Stop == a.Stop && a.Seconds <= l.Walk);
                created.Add(new Label(a.Stop, t, t, a.Seconds, 0, null, LabelKind.Access));
            }
        }

        for (var k = 1; k <= request.MaxTrips && created.Count > 0; k++)
        {
            var boarding = created.Where(l => !l.Dead).ToList();
            var byStop = boarding.ToLookup(l => l.Stop);
            created = [];
            foreach (var (route, start) in Routes(boarding))
            {
                ScanRoute(route, start, k, byStop, bags, created, results);
            }

            var rides = created.Where(l => !l.Dead).ToList();
            foreach (var ride in rides)
            {
                for (var j = tt.FootStart[ride.Stop]; j < tt.FootStart[ride.Stop + 1]; j++)
                {
                    var q = tt.FootTo[j];
                    var t = ride.Arrival + tt.FootSeconds[j];
                    var walk = ride.Walk + tt.FootSeconds[j];
                    if (Admissible(bags[q], results, t, t, walk, LabelKind.Footpath))
                    {
                        Add(bags, new Label(q, t, t, walk, k, ride, LabelKind.Footpath), created);
                    }
                }
            }

            foreach (var label in created.Where(l => !l.Dead && egress[l.Stop] >= 0))
            {
                var end = new Label(-1, label.Arrival + egress[label.Stop], int.MaxValue, label.Walk + egress[label.Stop], k, label, LabelKind.Egress);
                if (!results.Any(r => r.Arrival <= end.Arrival && r.Walk <= end.Walk))
                {
                    results.RemoveAll(r => r.Rides == k && end.Arrival <= r.Arrival && end.Walk <= r.Walk);
                    results.Add(end);
                }
            }
        }

        return [.. results.OrderBy(r => r.Rides).ThenBy(r => r.Arrival).Select(r => Journey(r, request.Departure))];
    }

    /// <summary>The routes serving the boarding labels' stops, each with the first position to scan from.</summary>
    private Dictionary<int, int> Routes(List<Label> boarding)
    {
        var tt = Timetable;
        var routes = new Dictionary<int, int>();
        foreach (var stop in boarding.Select(l => l.Stop).Distinct())
        {
            for (var j = tt.StopRouteStart[stop]; j < tt.StopRouteStart[stop + 1]; j++)
            {
                var r = tt.StopRouteRoute[j];
                var pos = tt.StopRoutePos[j];
                routes[r] = routes.TryGetValue(r, out var known) ? Math.Min(known, pos) : pos;
            }
        }

        return routes;
    }

    private void ScanRoute(int r, int start, int k, ILookup<int, Label> byStop, List<Label>?[] bags, List<Label> created, List<Label> results)
    {
        var tt = Timetable;
        var stopBase = tt.RouteStopStart[r];
        var count = tt.RouteStopStart[r + 1] - stopBase;
        var timeBase = tt.RouteTimeStart[r];
        var tripBase = tt.RouteTripStart[r];
        var routeBag = new List<Riding>();
        for (var i = start; i < count; i++)
        {
            var p = tt.RouteStops[stopBase + i];
            var access = tt.RouteAccess[stopBase + i];
            if ((access & StopAccess.Alight) != 0)
            {
                foreach (var riding in routeBag)
                {
                    var arrival = riding.DayStart + tt.Arrivals[timeBase + ((riding.Trip - tripBase) * count) + i];
                    if (Admissible(bags[p], results, arrival, arrival + tt.MinChange[p], riding.From.Walk, LabelKind.Ride))
                    {
                        Add(bags, new Label(p, arrival, arrival + tt.MinChange[p], riding.From.Walk, k, riding.From, LabelKind.Ride)
                        {
                            Trip = riding.Trip, Day = riding.Day, BoardPosition = riding.Position, AlightPosition = i, Route = r,
                        }, created);
                    }
                }
            }

            if ((access & StopAccess.Board) == 0)
            {
                continue;
            }

            foreach (var label in byStop[p])
            {
                if (label.Dead)
                {
                    continue;
                }

                var (t, d, ds) = _trips.EarliestTrip(r, i, label.Ready);
                if (t < 0)
                {
                    continue;
                }

                var departure = ds + tt.Departures[timeBase + ((t - tripBase) * count) + i];

                // Trips of a route never overtake one another: an earlier departure here arrives no later anywhere after.
                var beaten = false;
                for (var x = routeBag.Count - 1; x >= 0 && !beaten; x--)
                {
                    var other = routeBag[x];
                    var otherDeparture = other.DayStart + tt.Departures[timeBase + ((other.Trip - tripBase) * count) + i];
                    if (otherDeparture <= departure && other.From.Walk <= label.Walk)
                    {
                        beaten = true;
                    }
                    else if (departure <= otherDeparture && label.Walk <= other.From.Walk)
                    {
                        routeBag.RemoveAt(x);
                    }
                }

                if (!beaten)
                {
                    routeBag.Add(new Riding(label, t, d, ds, i));
                }
            }
        }
    }

    /// <summary>
    /// Whether a label with these values may enter its stop's bag: no label of the same or an earlier round there, and
    /// no journey already found, is at least as good (checked before any label is made: most candidates fail it).
    /// </summary>
    private static bool Admissible(List<Label>? bag, List<Label> results, int arrival, int ready, int walk, LabelKind kind)
    {
        foreach (var r in results)
        {
            if (r.Arrival <= arrival && r.Walk <= walk)
            {
                return false; // The egress walk only adds: this label cannot lead to a journey that beats one found.
            }
        }

        if (bag is null)
        {
            return true;
        }

        foreach (var other in bag)
        {
            if (other.Arrival <= arrival && other.Ready <= ready && other.Walk <= walk && (other.Kind == LabelKind.Ride || kind != LabelKind.Ride))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Adds an admissible label to its stop's bag and removes the labels of the same round it beats.</summary>
    private static void Add(List<Label>?[] bags, Label label, List<Label> created)
    {
        var bag = bags[label.Stop] ??= [];
        for (var i = bag.Count - 1; i >= 0; i--)
        {
            var other = bag[i];
            if (other.Rides == label.Rides && Dominates(label, other))
            {
                other.Dead = true;
                bag.RemoveAt(i);
            }
        }

        bag.Add(label);
        created.Add(label);
    }

    /// <summary>
    /// Whether <paramref name="a"/> is at least as good as <paramref name="b"/> at their stop: no later to arrive, no
    /// later to board again, no more walked, and able to do whatever <paramref name="b"/> can: a label that arrived by
    /// a footpath cannot walk another one, so it never beats one that arrived by a ride.
    /// </summary>
    private static bool Dominates(Label a, Label b) =>
        a.Arrival <= b.Arrival && a.Ready <= b.Ready && a.Walk <= b.Walk && (a.Kind == LabelKind.Ride || b.Kind != LabelKind.Ride);

    private TransitJourney Journey(Label end, int departure)
    {
        var tt = Timetable;
        var legs = new List<JourneyLeg>();
        var label = end.Parent!;
        legs.Add(new JourneyLeg(JourneyLegKind.Egress, label.Stop, -1, label.Arrival, end.Arrival));
        while (true)
        {
            switch (label.Kind)
            {
                case LabelKind.Access:
                    legs.Add(new JourneyLeg(JourneyLegKind.Access, -1, label.Stop, departure, label.Arrival));
                    legs.Reverse();
                    return new TransitJourney(legs);
                case LabelKind.Footpath:
                    legs.Add(new JourneyLeg(JourneyLegKind.Transfer, label.Parent!.Stop, label.Stop, label.Parent.Arrival, label.Arrival));
                    break;
                default:
                    var r = label.Route;
                    var count = tt.RouteStopStart[r + 1] - tt.RouteStopStart[r];
                    var dayStart = tt.DayStart[tt.RouteTz[r]][label.Day];
                    var dep = dayStart + tt.Departures[tt.RouteTimeStart[r] + ((label.Trip - tt.RouteTripStart[r]) * count) + label.BoardPosition];
                    legs.Add(new JourneyLeg(JourneyLegKind.Ride, label.Parent!.Stop, label.Stop, dep, label.Arrival,
                        tt.TripSource[label.Trip], label.BoardPosition, label.AlightPosition, label.Day));
                    break;
            }

            label = label.Parent!;
        }
    }

    private enum LabelKind : byte
    {
        Access,
        Ride,
        Footpath,
        Egress,
    }

    /// <summary>
    /// A way to be at a stop: when it arrives, when it may board again (after the change time following a ride), how
    /// much it walked and how many rides it took, and where it came from.
    /// </summary>
    private sealed class Label(int stop, int arrival, int ready, int walk, int rides, Label? parent, LabelKind kind)
    {
        public int Stop { get; } = stop;

        public int Arrival { get; } = arrival;

        public int Ready { get; } = ready;

        public int Walk { get; } = walk;

        public int Rides { get; } = rides;

        public Label? Parent { get; } = parent;

        public LabelKind Kind { get; } = kind;

        /// <summary>Beaten by a later label of its round: it boards nothing more.</summary>
        public bool Dead { get; set; }

        public int Trip { get; init; } = -1;

        public int Day { get; init; } = -1;

        public int BoardPosition { get; init; } = -1;

        public int AlightPosition { get; init; } = -1;

        public int Route { get; init; } = -1;
    }

    /// <summary>A label riding a trip of the route being scanned, boarded at <see cref="Position"/>.</summary>
    private readonly record struct Riding(Label From, int Trip, int Day, int DayStart, int Position);
}
