using System.Globalization;
using Mobility.Routing.Gtfs.Csv;
using Mobility.Routing.Gtfs.Model;

namespace Mobility.Routing.Gtfs;

public sealed partial class GtfsReader
{
    private List<(int Seq, int Line)>[]? _stopTimeMeta;

    private void ReadStopTimes(CsvTable t, List<GtfsStopTime>[] perTrip)
    {
        var meta = new List<(int Seq, int Line)>[perTrip.Length];
        _stopTimeMeta = meta;
        var trip = Required(t, "trip_id");
        var arrival = t.Column("arrival_time");
        var departure = t.Column("departure_time");
        var stop = Required(t, "stop_id");
        var sequence = Required(t, "stop_sequence");
        var pickup = t.Column("pickup_type");
        var dropOff = t.Column("drop_off_type");
        var dist = t.Column("shape_dist_traveled");
        var timepoint = t.Column("timepoint");
        while (t.Read())
        {
            if (!_tripIndex.TryGetValue(GtfsFeed.Namespace(_feedId, t.Get(trip)), out var tripIndex))
            {
                Error(t, "trip_id", $"unknown trip_id '{t.Get(trip)}'");
                continue;
            }

            if (!_stopIndex.TryGetValue(GtfsFeed.Namespace(_feedId, t.Get(stop)), out var stopIndex))
            {
                Error(t, "stop_id", $"unknown stop_id '{t.Get(stop)}'");
                continue;
            }

            if (_stops[stopIndex].LocationType != 0)
            {
                Error(t, "stop_id", $"'{t.Get(stop)}' is a station or entrance (location_type {_stops[stopIndex].LocationType}), not a stop");
                continue;
            }

            var seq = OptionalInt(t, sequence, "stop_sequence", -1, 0, int.MaxValue);
            if (seq < 0)
            {
                if (t.Get(sequence).Length == 0)
                {
                    Error(t, "stop_sequence", "is required");
                }

                continue;
            }

            var a = Time(t, arrival, "arrival_time");
            var d = Time(t, departure, "departure_time");
            if ((a is null && t.Get(arrival).Length > 0) || (d is null && t.Get(departure).Length > 0))
            {
                continue; // the bad time is already reported
            }

            // One of the two given stands for both (GTFS reference, stop_times.txt arrival_time/departure_time).
            var arr = a ?? d ?? -1;
            var dep = d ?? a ?? -1;
            if (arr > dep)
            {
                Error(t, "departure_time", "is before arrival_time");
                continue;
            }

            var distText = t.Get(dist);
            var shapeDistance = double.NaN;
            if (distText.Length > 0 &&
                (!double.TryParse(distText, NumberStyles.Float, CultureInfo.InvariantCulture, out shapeDistance) || shapeDistance < 0))
            {
                Error(t, "shape_dist_traveled", $"'{distText}' is not a non-negative number");
                continue;
            }

            var pick = (byte)OptionalInt(t, pickup, "pickup_type", 0, 0, 3);
            var drop = (byte)OptionalInt(t, dropOff, "drop_off_type", 0, 0, 3);
            var isTimepoint = t.Get(timepoint) != "0" && arr >= 0;
            (perTrip[tripIndex] ??= []).Add(new GtfsStopTime(stopIndex, seq, arr, dep, pick, drop, shapeDistance, isTimepoint));
            (meta[tripIndex] ??= []).Add((seq, t.Line));
        }
    }

    private List<GtfsTrip> FinishTrips(List<GtfsStopTime>[] perTrip)
    {
        var trips = new List<GtfsTrip>(_tripRows.Count);
        var empty = 0;
        for (var i = 0; i < _tripRows.Count; i++)
        {
            var row = _tripRows[i];
            var times = perTrip[i];
            if (times is null || times.Count < 2)
            {
                empty++;
                if (empty <= 20)
                {
                    Warn("trips.txt", 0, "trip_id", $"trip '{row.Id}' has fewer than two stop times and is ignored");
                }

                trips.Add(new GtfsTrip(row.Id, row.Route, row.Service, row.Headsign, row.Shape, []));
                continue;
            }

            var meta = _stopTimeMeta![i];
            var order = Enumerable.Range(0, times.Count).ToArray();
            Array.Sort(order, (x, y) => meta[x].Seq.CompareTo(meta[y].Seq));
            var sorted = new GtfsStopTime[times.Count];
            var lines = new int[times.Count];
            for (var k = 0; k < order.Length; k++)
            {
                sorted[k] = times[order[k]];
                lines[k] = meta[order[k]].Line;
                if (k > 0 && meta[order[k]].Seq == meta[order[k - 1]].Seq)
                {
                    Error("stop_times.txt", lines[k], "stop_sequence", $"duplicate stop_sequence {meta[order[k]].Seq} in trip '{row.Id}'");
                }
            }

            if (Interpolate(sorted, lines, row.Id))
            {
                trips.Add(new GtfsTrip(row.Id, row.Route, row.Service, row.Headsign, row.Shape, sorted));
            }
        }

        if (empty > 20)
        {
            Warn("trips.txt", 0, "trip_id", $"{empty} trips in all have fewer than two stop times and are ignored");
        }

        return trips;
    }

    /// <summary>
    /// Fills blank intermediate times linearly between the surrounding timed stops, by shape_dist_traveled when all
    /// three stops carry it, else by straight-line distance between stops; checks that times never decrease.
    /// </summary>
    private bool Interpolate(GtfsStopTime[] st, int[] lines, string tripId)
    {
        var n = st.Length;
        if (st[0].Arrival < 0 || st[n - 1].Arrival < 0)
        {
            var k = st[0].Arrival < 0 ? 0 : n - 1;
            Error("stop_times.txt", lines[k], "arrival_time", $"the first and last stop times of trip '{tripId}' must have times");
            return false;
        }

        var prev = 0;
        for (var k = 1; k < n; k++)
        {
            if (st[k].Arrival < 0)
            {
                continue;
            }

            if (k > prev + 1)
            {
                FillGap(st, prev, k);
            }

            prev = k;
        }

        for (var k = 1; k < n; k++)
        {
            if (st[k].Arrival < st[k - 1].Departure)
            {
                Error("stop_times.txt", lines[k], "arrival_time",
                    $"{GtfsTime.Format(st[k].Arrival)} is before the previous stop's departure {GtfsTime.Format(st[k - 1].Departure)} in trip '{tripId}'");
                return false;
            }
        }

        return true;
    }

    private void FillGap(GtfsStopTime[] st, int from, int to)
    {
        var useShape = true;
        for (var k = from; k <= to; k++)
        {
            useShape &= !double.IsNaN(st[k].ShapeDistance);
        }

        var position = new double[to - from + 1];
        for (var k = from + 1; k <= to; k++)
        {
            position[k - from] = useShape
                ? st[k].ShapeDistance - st[from].ShapeDistance
                : position[k - from - 1] + Geo.HaversineMeters(_stops[st[k - 1].Stop].Lat, _stops[st[k - 1].Stop].Lon, _stops[st[k].Stop].Lat, _stops[st[k].Stop].Lon);
        }

        var total = position[^1];
        var t0 = st[from].Departure;
        var t1 = st[to].Arrival;
        for (var k = from + 1; k < to; k++)
        {
            var fraction = total > 0 ? position[k - from] / total : (double)(k - from) / (to - from);
            var t = t0 + (int)Math.Round((t1 - t0) * Math.Clamp(fraction, 0, 1));
            st[k] = st[k] with { Arrival = t, Departure = t };
        }
    }
}
