using System.Globalization;
using System.Text;

namespace Mobility.CarpoolProof.Identity;

/// <summary>
/// Last name in the registry's form (identity_key schema): uppercase, accents removed, hyphens and apostrophes become
/// spaces, only [A-Z ] kept ("D'Hérûg-de-l'Hérault" -> "D HERUG DE L HERAULT").
/// </summary>
public static class LastName
{
    public const int MaxLength = 128;

    public static string Normalize(string lastName)
    {
        ArgumentNullException.ThrowIfNull(lastName);
        if (lastName.Length > MaxLength) throw new FormatException($"last name longer than {MaxLength} characters");
        var decomposed = lastName.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            var c = ch switch { 'ß' => 'S', 'æ' or 'Æ' => 'E', 'ø' or 'Ø' => 'O', 'œ' or 'Œ' => 'E', _ => char.ToUpperInvariant(ch) };
            if (ch is 'æ' or 'Æ') sb.Append('A');
            if (ch is 'œ' or 'Œ') sb.Append('O');
            if (ch == 'ß') sb.Append('S');
            if (c is >= 'A' and <= 'Z') sb.Append(c);
            else if (c is ' ' or '-' or '\'' or '\u2019') sb.Append(' ');
        }
        var result = string.Join(' ', sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (result.Length == 0) throw new FormatException("last name: no letter left after normalization");
        return result;
    }
}
