namespace Mobility.Routing.Matching.Carpool;

/// <summary>A driver that could serve a request alone, and the detour (waiting included) it would cost, in seconds.</summary>
internal readonly record struct Candidate(int Offer, int Request, int AddedSeconds);

/// <summary>Matching input on a common clock: seconds from a reference instant, ints as ids.</summary>
internal sealed class CarpoolTimeline
{
    public CarpoolTimeline(IReadOnlyList<DriverOffer> offers, IReadOnlyList<RiderRequest> requests, DateTimeOffset now, ITravelTimeModel model, TimeSpan boarding)
    {
        Offers = offers;
        Requests = requests;
        Model = model;
        Boarding = (int)Math.Ceiling(boarding.TotalSeconds);
        Origin = new[] { now }
            .Concat(offers.Select(o => o.DepartureEarliest))
            .Concat(requests.Select(r => r.PickupEarliest))
            .Min();
        DepartEarliest = offers.Select(o => SecondsCeil(o.DepartureEarliest > now ? o.DepartureEarliest : now)).ToArray();
        DirectOffer = offers.Select(o => model.Seconds(o.Origin, o.Destination)).ToArray();
        DirectRequest = requests.Select(r => model.Seconds(r.Pickup, r.Dropoff)).ToArray();
    }

    public IReadOnlyList<DriverOffer> Offers { get; }
    public IReadOnlyList<RiderRequest> Requests { get; }
    public ITravelTimeModel Model { get; }
    public int Boarding { get; }
    public DateTimeOffset Origin { get; }

    /// <summary>Earliest departure, clamped to now: a window that opened in the past starts now.</summary>
    public long[] DepartEarliest { get; }
    public int[] DirectOffer { get; }
    public int[] DirectRequest { get; }

    public long Seconds(DateTimeOffset t) => (long)Math.Floor((t - Origin).TotalSeconds);

    /// <summary>Openings round up (deadlines round down) so a whole-second schedule stays within the real windows.</summary>
    public long SecondsCeil(DateTimeOffset t) => (long)Math.Ceiling((t - Origin).TotalSeconds);

    public DateTimeOffset At(long seconds) => Origin.AddSeconds(seconds);

    public long RideLimit(int request, int offer) =>
        (long)Math.Floor(Math.Min(Requests[request].MaxRideTime.TotalSeconds, Offers[offer].MaxRideTime.TotalSeconds));
}

/// <summary>
/// Finds, for each request, the drivers that could serve it alone (seats, pickup window, dropoff deadline, ride
/// time, detour budget) and keeps the cheapest few. A driver that cannot carry a request alone cannot carry it
/// together with others either, so this prunes without losing solutions; keeping only the best few trades a little
/// optimality for the size of the optimisation.
/// </summary>
internal static class CandidateFinder
{
    public static List<Candidate>[] Find(CarpoolTimeline t, int keep, int degreeOfParallelism)
    {
        var offers = t.Offers;
        var requests = t.Requests;
        var result = new List<Candidate>[requests.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = degreeOfParallelism };
        Parallel.For(0, requests.Count, options, r =>
        {
            var req = requests[r];
            var pE = t.SecondsCeil(req.PickupEarliest);
            var pL = t.Seconds(req.PickupLatest);
            var dL = t.Seconds(req.DropoffLatest);
            var ride = t.DirectRequest[r];
            var list = new List<Candidate>();
            for (var d = 0; d < offers.Count; d++)
            {
                var offer = offers[d];
                if (offer.Seats < req.Riders || ride + t.Boarding > t.RideLimit(r, d)) continue;
                var toPickup = t.Model.Seconds(offer.Origin, req.Pickup);
                var depE = t.DepartEarliest[d];
                var depL = t.Seconds(offer.DepartureLatest);
                var pick = Math.Max(depE + toPickup, pE);
                if (pick > pL) continue;
                var drop = pick + t.Boarding + ride;
                if (drop > dL) continue;
                var budget = (long)offer.MaxDetour.TotalSeconds;
                var wait = Math.Max(0, pE - (depL + toPickup));
                var added = toPickup + t.Boarding + ride + t.Boarding + t.Model.Seconds(req.Dropoff, offer.Destination) - t.DirectOffer[d];
                if (added + wait > budget) continue;
                list.Add(new Candidate(d, r, (int)(added + wait)));
            }

            list.Sort((a, b) => a.AddedSeconds.CompareTo(b.AddedSeconds));
            if (list.Count > keep) list.RemoveRange(keep, list.Count - keep);
            result[r] = list;
        });
        return result;
    }
}
