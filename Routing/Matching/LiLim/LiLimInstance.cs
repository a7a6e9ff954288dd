namespace Mobility.Routing.Matching.LiLim;

/// <summary>One task of a Li &amp; Lim instance (task 0 is the depot).</summary>
/// <param name="PickupIndex">For a delivery, the id of its pickup; 0 otherwise.</param>
/// <param name="DeliveryIndex">For a pickup, the id of its delivery; 0 otherwise.</param>
public readonly record struct LiLimTask(
    int Id, double X, double Y, int Demand, int Earliest, int Latest, int Service, int PickupIndex, int DeliveryIndex)
{
    public bool IsPickup => DeliveryIndex > 0;
    public bool IsDelivery => PickupIndex > 0;
}

/// <summary>A parsed Li &amp; Lim PDPTW instance; task ids equal their index in <see cref="Tasks"/>.</summary>
public sealed record LiLimInstance(string Name, int Vehicles, int Capacity, int Speed, IReadOnlyList<LiLimTask> Tasks)
{
    public IEnumerable<(int Pickup, int Delivery)> Pairs =>
        Tasks.Where(t => t.IsPickup).Select(t => (t.Id, t.DeliveryIndex));

    /// <summary>Euclidean distance between two tasks, the benchmark's travel time and cost.</summary>
    public double Distance(int a, int b)
    {
        var dx = Tasks[a].X - Tasks[b].X;
        var dy = Tasks[a].Y - Tasks[b].Y;
        return Math.Sqrt((dx * dx) + (dy * dy));
    }

    /// <summary>Total Euclidean length of routes given as task ids without the depot.</summary>
    public double RouteDistance(IEnumerable<IReadOnlyList<int>> routes)
    {
        var total = 0.0;
        foreach (var route in routes)
        {
            var previous = 0;
            foreach (var task in route)
            {
                total += Distance(previous, task);
                previous = task;
            }

            total += Distance(previous, 0);
        }

        return total;
    }
}
