namespace Mobility.Routing.Realtime;

// GTFS-Realtime message contracts, the subset a trip planner consumes, with the field numbers of
// gtfs-realtime.proto (proto2). Unknown fields and the VehiclePosition / Alert entities are skipped by the parser.

/// <summary>FeedHeader.Incrementality.</summary>
public enum Incrementality
{
    FullDataset = 0,
    Differential = 1,
}

/// <summary>TripDescriptor.ScheduleRelationship (ADDED = 1 is deprecated; 4 is unused by the spec).</summary>
public enum TripScheduleRelationship
{
    Scheduled = 0,
    Added = 1,
    Unscheduled = 2,
    Canceled = 3,
    Replacement = 5,
    Duplicated = 6,
    Deleted = 7,
    New = 8,
}

/// <summary>TripUpdate.StopTimeUpdate.ScheduleRelationship.</summary>
public enum StopScheduleRelationship
{
    Scheduled = 0,
    Skipped = 1,
    NoData = 2,
    Unscheduled = 3,
}

/// <summary>FeedMessage: header = 1, entity = 2.</summary>
public sealed record FeedMessage(FeedHeader Header, IReadOnlyList<FeedEntity> Entities);

/// <summary>FeedHeader: gtfs_realtime_version = 1, incrementality = 2, timestamp = 3 (POSIX seconds), feed_version = 4.</summary>
public sealed record FeedHeader(string Version, Incrementality Incrementality, ulong? Timestamp, string? FeedVersion);

/// <summary>FeedEntity: id = 1, is_deleted = 2, trip_update = 3 (vehicle = 4, alert = 5 and later ones are skipped).</summary>
public sealed record FeedEntity(string Id, bool IsDeleted, TripUpdate? TripUpdate);

/// <summary>TripDescriptor: trip_id = 1, start_time = 2, start_date = 3, schedule_relationship = 4, route_id = 5, direction_id = 6.</summary>
public sealed record TripDescriptor(
    string? TripId, string? RouteId, uint? DirectionId, string? StartTime, string? StartDate, TripScheduleRelationship ScheduleRelationship);

/// <summary>VehicleDescriptor: id = 1, label = 2, license_plate = 3.</summary>
public sealed record VehicleDescriptor(string? Id, string? Label, string? LicensePlate);

/// <summary>TripUpdate.StopTimeEvent: delay = 1 (s), time = 2 (POSIX s), uncertainty = 3, scheduled_time = 4.</summary>
public sealed record StopTimeEvent(int? Delay, long? Time, int? Uncertainty, long? ScheduledTime);

/// <summary>TripUpdate.StopTimeUpdate: stop_sequence = 1, arrival = 2, departure = 3, stop_id = 4, schedule_relationship = 5.</summary>
public sealed record StopTimeUpdate(uint? StopSequence, string? StopId, StopTimeEvent? Arrival, StopTimeEvent? Departure, StopScheduleRelationship ScheduleRelationship);

/// <summary>TripUpdate: trip = 1, stop_time_update = 2, vehicle = 3, timestamp = 4, delay = 5.</summary>
public sealed record TripUpdate(
    TripDescriptor Trip, VehicleDescriptor? Vehicle, IReadOnlyList<StopTimeUpdate> StopTimeUpdates, ulong? Timestamp, int? Delay);

/// <summary>A GTFS-Realtime payload that does not parse.</summary>
public sealed class RealtimeFormatException : Exception
{
    public RealtimeFormatException()
    {
    }

    public RealtimeFormatException(string message)
        : base(message)
    {
    }

    public RealtimeFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
