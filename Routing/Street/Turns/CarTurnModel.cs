namespace Mobility.Routing.Street.Turns;

/// <summary>
/// The time a car loses turning from one street onto the next at a junction, as a maintained car profile models it:
/// OSRM's <c>profiles/car.lua</c> (Project-OSRM/osrm-backend), <c>process_turn</c>, written here from its published
/// description. A logistic curve of the turn angle rises from about 0 s going straight to
/// <see cref="StreetBuildOptions.TurnPenaltySeconds"/> (7.5 s) for the sharpest turn; a turn bias of 1.075 makes turns
/// across oncoming traffic (left where cars drive on the right) dearer than turns with it; turning back onto the street
/// one came from adds <see cref="StreetBuildOptions.UTurnPenaltySeconds"/> (20 s). As in that profile, a node where
/// only two streets meet (a bend, or where one way continues as another) costs nothing unless one turns back there.
/// Traffic signals are not counted here: they are a delay on entering the signal node (see the edge weights).
/// </summary>
public static class CarTurnModel
{
    /// <summary>OSRM car.lua's turn_bias for right-hand traffic: right turns cheaper, left turns dearer.</summary>
    public const double RightHandTurnBias = 1.075;

    /// <summary>
    /// Seconds lost turning by <paramref name="angleDegrees"/> (0 straight on, positive to the right, negative to the
    /// left, +-180 back), adding the U-turn penalty when <paramref name="uTurn"/>.
    /// </summary>
    public static double Seconds(double angleDegrees, bool uTurn, StreetBuildOptions options)
    {
        var bias = options.CarDrivesOnLeft ? 1 / RightHandTurnBias : RightHandTurnBias;
        var angle = Math.Clamp(angleDegrees, -180, 180);

        // The curve's steepness and midpoint are car.lua's: 13 x share of a half turn, centred at 6.5, each scaled by the
        // bias so that the side with traffic (right) rises later and the side across traffic earlier.
        var exponent = angle >= 0
            ? -((13 / bias * angle / 180) - (6.5 * bias))
            : -((13 * bias * -angle / 180) - (6.5 / bias));
        var seconds = options.TurnPenaltySeconds / (1 + Math.Exp(exponent));
        return uTurn ? seconds + options.UTurnPenaltySeconds : seconds;
    }

    /// <summary>
    /// Signed turn angle in degrees from the travel bearing arriving at a junction to the bearing leaving it, both
    /// clockwise from north: 0 straight on, positive to the right, in (-180, 180].
    /// </summary>
    public static double Angle(double inBearing, double outBearing)
    {
        var turn = (outBearing - inBearing) % 360;
        if (turn <= -180)
        {
            turn += 360;
        }
        else if (turn > 180)
        {
            turn -= 360;
        }

        return turn;
    }

    /// <summary>Initial bearing in degrees (clockwise from north) from one point to another, on a local flat approximation.</summary>
    public static double Bearing(double fromLat, double fromLon, double toLat, double toLon)
    {
        var dx = (toLon - fromLon) * Math.Cos(fromLat * Math.PI / 180);
        var dy = toLat - fromLat;
        var degrees = Math.Atan2(dx, dy) * 180 / Math.PI;
        return degrees < 0 ? degrees + 360 : degrees;
    }
}
