using System.Collections.Immutable;

namespace Mobility.Routing.SharedMobility.Gbfs;

/// <summary>system_information.json, normalized: 2.x <c>language</c> and 3.0 <c>languages</c> become one list.</summary>
public sealed record GbfsSystem(
    string SystemId, ImmutableArray<string> Languages, LocalizedText Name, LocalizedText Operator, string TimeZone,
    string? FeedContactEmail, string? Url)
{
    internal static GbfsSystem Parse(GbfsFile f, List<GbfsProblem> warnings)
    {
        var d = f.Data;
        var id = f.Id(f.Required(d, "system_id", "$"), "system_id");
        ImmutableArray<string> languages;
        if (f.Version.IsV3)
        {
            languages = f.IdArray(f.Required(d, "languages", "$"), "languages");
            if (languages.IsEmpty)
            {
                throw f.Error("languages", "must list at least one language");
            }
        }
        else
        {
            languages = [f.String(f.Required(d, "language", "$"), "language")];
        }

        f.DefaultLanguage = languages[0];
        var name = f.Localized(f.Required(d, "name", "$"), "name");
        var timezone = f.String(f.Required(d, "timezone", "$"), "timezone");
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out _))
        {
            throw f.Error("timezone", $"'{timezone}' is not a known IANA time zone");
        }

        var contact = GbfsFile.Optional(d, "feed_contact_email") is { } c ? f.String(c, "feed_contact_email") : null;
        if (f.Version.IsV3 && contact is null)
        {
            warnings.Add(new GbfsProblem(f.Name + ".json", "feed_contact_email", "required as of v3.0 but missing"));
        }

        var url = GbfsFile.Optional(d, "url") is { } u ? f.String(u, "url") : null;
        return new GbfsSystem(id, languages, name, f.OptionalLocalized(d, "operator", "$"), timezone, contact, url);
    }
}
