using Mobility.Routing.Matching.Carpool;

namespace Mobility.Routing.Planning.Carpool;

/// <summary>The operator's price rule for a rider: a base amount plus an amount per kilometre ridden.</summary>
public sealed record CarpoolPrice(decimal Base, decimal PerKm, string Currency)
{
    public decimal Cost(double meters) => decimal.Round(Base + (PerKm * (decimal)(meters / 1000.0)), 2, MidpointRounding.AwayFromZero);

    public IEnumerable<string> Problems()
    {
        if (Base < 0 || PerKm < 0 || Base > 1000 || PerKm > 100)
        {
            yield return "price must be non-negative (base <= 1000, per_km <= 100)";
        }

        if (Currency is not { Length: 3 } || !Currency.All(char.IsAsciiLetterUpper))
        {
            yield return $"currency must be an ISO 4217 code (got '{Currency}')";
        }
    }
}

/// <summary>A live carpool offer: the driver's trip (<see cref="DriverOffer"/>) and its price rule.</summary>
public sealed record CarpoolOffer(DriverOffer Driver, CarpoolPrice Price);

/// <summary>An offer kept out of the book, with the reasons.</summary>
public sealed record RejectedOffer(string OfferId, IReadOnlyList<string> Reasons);
