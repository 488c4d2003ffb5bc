using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace TuneWise.Reports.Tests.Html;

/// <summary>
/// The structure of a report as text: sections, headings, table columns with their row counts,
/// figure captions and trial sections, one per line. Charts and cell values are left out, so the
/// outline changes when the report's layout does, not when a timing moves.
/// </summary>
internal static partial class ReportOutline
{
    public static string Of(string html)
    {
        var outline = new StringBuilder();
        foreach (Match m in Token().Matches(Svg().Replace(html, "")))
        {
            if (m.Groups["section"].Success) outline.AppendLine($"section #{m.Groups["section"].Value}");
            else if (m.Groups["trial"].Success) outline.AppendLine($"  trial #{m.Groups["trial"].Value}");
            else if (m.Groups["h"].Success) outline.AppendLine($"  {m.Groups["h"].Value}: {Text(m.Groups["heading"].Value)}");
            else if (m.Groups["caption"].Success) outline.AppendLine($"    figure: {Text(m.Groups["caption"].Value)}");
            else if (m.Groups["table"].Success)
            {
                var table = m.Groups["table"].Value;
                var headers = Header().Matches(table).Select(h => Text(h.Groups[1].Value));
                int rows = Row().Matches(Body().Match(table).Value).Count;
                outline.AppendLine($"    table [{string.Join(" | ", headers)}] {rows} rows");
            }
        }
        return outline.ToString();
    }

    private static string Text(string markup) => WebUtility.HtmlDecode(Tag().Replace(markup, "")).Trim();

    [GeneratedRegex("<svg.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex Svg();
    [GeneratedRegex("""<section id="(?<section>[^"]*)"|<div class="trial[^"]*" id="(?<trial>[^"]*)"|<(?<h>h[123])>(?<heading>.*?)</h[123]>|<figcaption>(?<caption>.*?)</figcaption>|(?<table><table.*?</table>)""", RegexOptions.Singleline)]
    private static partial Regex Token();
    [GeneratedRegex("<th[^>]*>(.*?)</th>", RegexOptions.Singleline)]
    private static partial Regex Header();
    [GeneratedRegex("<tbody>.*?</tbody>", RegexOptions.Singleline)]
    private static partial Regex Body();
    [GeneratedRegex("<tr[ >]")]
    private static partial Regex Row();
    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();
}
