using System.Globalization;
using System.Text;

namespace SiteReady.Web.Platform.Storage;

/// <summary>File names as the uploader gave them are only for display and downloads; they never become paths.</summary>
public static class FileNames
{
    public const int MaxLength = 120;
    public const string Fallback = "file";

    /// <summary>
    /// The last part of <paramref name="name"/> after any <c>/</c> or <c>\</c> (so <c>../../etc/passwd.pdf</c> is
    /// <c>passwd.pdf</c>), without control, bidi or Windows-reserved characters, without leading or trailing dots and
    /// spaces, at most <see cref="MaxLength"/> characters, and ending in an extension of <paramref name="contentType"/>
    /// (a PDF named <c>x.html</c> is offered as <c>x.html.pdf</c>). Empty becomes <see cref="Fallback"/>.
    /// </summary>
    public static string Sanitise(string? name, string contentType)
    {
        var last = name ?? "";
        var cut = last.LastIndexOfAny(['/', '\\']);
        if (cut >= 0) last = last[(cut + 1)..];

        var kept = new StringBuilder(last.Length);
        foreach (var c in last)
        {
            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator) continue;
            if (c is '"' or '*' or ':' or '<' or '>' or '?' or '|') continue;
            kept.Append(char.IsWhiteSpace(c) ? ' ' : c);
        }
        var clean = kept.ToString().Trim(' ', '.');
        if (clean.Length == 0) clean = Fallback;

        var extensions = FileSignatures.ExtensionsOf(contentType);
        var extension = Path.GetExtension(clean);
        if (extensions.Count > 0 && !extensions.Contains(extension.ToLowerInvariant()))
            extension = extensions[0];
        else if (extension.Length <= 16)
            clean = clean[..^extension.Length];
        else
            extension = ""; // an unknown type's overlong "extension" is cut like the rest of the name
        if (clean.Length + extension.Length > MaxLength)
        {
            var keep = Math.Max(1, MaxLength - extension.Length);
            if (char.IsHighSurrogate(clean[keep - 1])) keep--; // never split a character in two
            clean = clean[..keep].TrimEnd(' ', '.');
        }
        return clean.Length == 0 ? Fallback + extension : clean + extension;
    }
}
