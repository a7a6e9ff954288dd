using Mobility.Actors.Carpool;
using Mobility.CarpoolProof.Decision;

namespace Mobility.Node.Api.Carpool;

/// <summary>
/// Where the neutral answers of the journey entities become HTTP (docs/api.md, "Declaring a journey"): a status code
/// and a problem title per verdict. Nothing else in the cluster knows a status code.
/// </summary>
public static class VerdictStatus
{
    public static int Of(DeclarationVerdict verdict) => verdict switch
    {
        DeclarationVerdict.Recorded => StatusCodes.Status201Created,
        DeclarationVerdict.Invalid => StatusCodes.Status400BadRequest,
        DeclarationVerdict.SignatureRefused => StatusCodes.Status401Unauthorized,
        DeclarationVerdict.TermsViolation => StatusCodes.Status422UnprocessableEntity,
        DeclarationVerdict.AlreadyRecorded => StatusCodes.Status409Conflict,
        DeclarationVerdict.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static string TitleOf(DeclarationVerdict verdict) => verdict switch
    {
        DeclarationVerdict.Recorded => "Recorded",
        DeclarationVerdict.Invalid => "Declaration not valid",
        DeclarationVerdict.SignatureRefused => "Signature not valid",
        DeclarationVerdict.TermsViolation => "Terms violation",
        DeclarationVerdict.AlreadyRecorded => "Already recorded",
        DeclarationVerdict.Unavailable => "Declaration not recorded",
        _ => "Unexpected verdict",
    };

    public static int Of(FlagResult result) => result switch
    {
        FlagResult.Flagged => StatusCodes.Status200OK,
        FlagResult.NotFound => StatusCodes.Status404NotFound,
        FlagResult.Conflict => StatusCodes.Status409Conflict,
        FlagResult.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
