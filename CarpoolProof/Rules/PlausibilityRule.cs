using Mobility.CarpoolProof.Declarations;

namespace Mobility.CarpoolProof.Rules;

/// <summary>
/// Registry anomaly_label distance_duration_anomaly, evaluated against the router at declaration time: too short
/// (under 300 m or 60 s, declared or routed), routed more than 2.5x declared (distance or duration: physically
/// impossible), declared distance more than 4x routed, declared duration more than 7x routed.
/// Every comparison is strict, so a ratio exactly at its threshold passes.
/// </summary>
public static class PlausibilityRule
{
    public const double MinDistanceMeters = 300;
    public const double MinDurationSeconds = 60;
    public const double RoutedOverDeclaredMax = 2.5;
    public const double DeclaredOverRoutedDistanceMax = 4;
    public const double DeclaredOverRoutedDurationMax = 7;

    /// <summary>The reasons found (empty when plausible); null when the router found no route.</summary>
    public static IReadOnlyList<string>? Check(Journey j, IRouteEstimator router)
    {
        var routed = router.Estimate(j.Start.Lat, j.Start.Lon, j.End.Lat, j.End.Lon, j.Start.Datetime);
        if (routed is not { } r) return null;
        return Check(j.Distance, (j.End.Datetime - j.Start.Datetime).TotalSeconds, r);
    }

    public static IReadOnlyList<string> Check(double declaredDistance, double declaredDuration, RouteEstimate routed)
    {
        var reasons = new List<string>();
        if (declaredDistance < MinDistanceMeters || routed.DistanceMeters < MinDistanceMeters)
            reasons.Add("distance under 300 m");
        if (declaredDuration < MinDurationSeconds || routed.DurationSeconds < MinDurationSeconds)
            reasons.Add("duration under 60 s");
        if (routed.DurationSeconds > RoutedOverDeclaredMax * declaredDuration)
            reasons.Add("routed duration more than 2.5x the declared one");
        if (routed.DistanceMeters > RoutedOverDeclaredMax * declaredDistance)
            reasons.Add("routed distance more than 2.5x the declared one");
        if (declaredDistance > DeclaredOverRoutedDistanceMax * routed.DistanceMeters)
            reasons.Add("declared distance more than 4x the routed one");
        if (declaredDuration > DeclaredOverRoutedDurationMax * routed.DurationSeconds)
            reasons.Add("declared duration more than 7x the routed one");
        return reasons;
    }
}
