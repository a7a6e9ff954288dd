using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.Actors.Campaigns;

/// <summary>The refusals the campaign entities give, as neutral values (the HTTP layer renders problem details).</summary>
public static class CampaignRefusals
{
    public static CampaignReplies.Refused NotFound() => NotFoundDetail("No such campaign in this territory.");

    public static CampaignReplies.Refused NotFoundDetail(string detail) => new(CampaignRefusal.NotFound, detail);

    public static CampaignReplies.Refused Unavailable(string detail) => new(CampaignRefusal.Unavailable, detail);

    public static CampaignReplies.Refused Conflict(string detail) => new(CampaignRefusal.Conflict, detail);

    public static CampaignReplies.Refused BadRequest(string detail) => new(CampaignRefusal.Invalid, detail);

    /// <summary>Every error with the JSON path of the offending field.</summary>
    public static CampaignReplies.Refused Invalid(IReadOnlyList<CampaignError> errors) =>
        new(CampaignRefusal.InvalidDocument, errors.Count > 0 ? errors[0].ToString() : "invalid document", errors);
}
