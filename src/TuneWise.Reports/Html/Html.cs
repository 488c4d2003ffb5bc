using System.Net;
using System.Text;

namespace TuneWise.Reports.Html;

/// <summary>
/// Escaping for everything that came from input (names, parameter values, paths, messages): the
/// one place text enters the report's markup. Control characters are shown as <c>\uXXXX</c> so a
/// hostile name cannot hide in the page either.
/// </summary>
internal static class Html
{
    /// <summary>Text safe between tags.</summary>
    public static string Text(string? text) => WebUtility.HtmlEncode(Visible(text ?? ""));

    /// <summary>Text safe inside a double-quoted attribute.</summary>
    public static string Attribute(string? text) => WebUtility.HtmlEncode(Visible(text ?? "")).Replace("'", "&#39;");

    private static string Visible(string text)
    {
        if (!text.Any(c => char.IsControl(c) && c is not '\n' and not '\t')) return text;
        var builder = new StringBuilder(text.Length + 16);
        foreach (char c in text)
            builder.Append(char.IsControl(c) && c is not '\n' and not '\t' ? $"\\u{(int)c:x4}" : c.ToString());
        return builder.ToString();
    }
}
