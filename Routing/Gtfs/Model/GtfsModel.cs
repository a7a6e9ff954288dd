namespace Mobility.Routing.Gtfs.Model;

// The validated content of one feed. Ids are namespaced "feedId:localId" so that several feeds load side by side;
// cross references are indices into the feed's own lists.

/// <summary>agency.txt: an operator and the timezone its times are expressed in.</summary>
public sealed record GtfsAgency(string Id, string Name, string? Url, string TimeZoneId);

/// <summary>stops.txt. <see cref="LocationType"/> 0 is a stop or platform (the only type a trip may serve).</summary>
public sealed record GtfsStop(string Id, string Name, string? Code, double Lat, double Lon, int LocationType, string? ParentStation);

/// <summary>routes.txt.</summary>
public sealed record GtfsRoute(string Id, int Agency, string ShortName, string LongName, int Type, string? Color);

/// <summary>One row of stop_times.txt, times in seconds after the service day start (interpolated when blank).</summary>
public readonly record struct GtfsStopTime(int Stop, int Sequence, int Arrival, int Departure, byte PickupType, byte DropOffType, double ShapeDistance, bool Timepoint);

/// <summary>trips.txt with its stop times in stop_sequence order.</summary>
public sealed record GtfsTrip(string Id, int Route, int Service, string? Headsign, string? ShapeId, GtfsStopTime[] StopTimes);

/// <summary>A service_id with the dates it runs (calendar.txt expanded, calendar_dates.txt applied), sorted.</summary>
public sealed record GtfsService(string Id, DateOnly[] Dates);

/// <summary>transfers.txt: type 0 recommended, 1 timed, 2 minimum time, 3 not possible.</summary>
public sealed record GtfsTransfer(int FromStop, int ToStop, int Type, int? MinTransferSeconds);

/// <summary>frequencies.txt: departures from the trip's first stop every <see cref="HeadwaySeconds"/> in [start, end).</summary>
public sealed record GtfsFrequency(int Trip, int Start, int End, int HeadwaySeconds, bool ExactTimes);

/// <summary>feed_info.txt.</summary>
public sealed record GtfsFeedInfo(string PublisherName, string? Version, DateOnly? Start, DateOnly? End);

/// <summary>shapes.txt: one polyline, points in shape_pt_sequence order.</summary>
public sealed record GtfsShape(string Id, double[] Lats, double[] Lons, double[] Distances);
