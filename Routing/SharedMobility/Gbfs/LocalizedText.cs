using System.Collections.Immutable;

namespace Mobility.Routing.SharedMobility.Gbfs;

/// <summary>
/// A text in one or more languages. GBFS 3.0 sends an array of Localized String objects (text, language); 2.x sends a
/// plain string in the language of system_information (or of the discovery's language key). Both normalize to this.
/// </summary>
public sealed class LocalizedText
{
    public static readonly LocalizedText Empty = new([]);

    public LocalizedText(ImmutableArray<(string Language, string Text)> translations)
    {
        Translations = translations;
    }

    public ImmutableArray<(string Language, string Text)> Translations { get; }

    public bool IsEmpty => Translations.IsDefaultOrEmpty;

    /// <summary>The text in the language asked (exact BCP 47 tag, then the same primary language), else the first.</summary>
    public string Get(string? language = null)
    {
        if (IsEmpty)
        {
            return string.Empty;
        }

        if (!string.IsNullOrEmpty(language))
        {
            foreach (var (lang, text) in Translations)
            {
                if (string.Equals(lang, language, StringComparison.OrdinalIgnoreCase))
                {
                    return text;
                }
            }

            var primary = language.Split('-')[0];
            foreach (var (lang, text) in Translations)
            {
                if (string.Equals(lang.Split('-')[0], primary, StringComparison.OrdinalIgnoreCase))
                {
                    return text;
                }
            }
        }

        return Translations[0].Text;
    }

    public static LocalizedText Of(string language, string text) => new([(language, text)]);

    public override string ToString() => Get();
}
