using System.Text;
using TuneWise.Core.Health;
using TuneWise.Reports.Studies;
using static TuneWise.Reports.Html.Html;

namespace TuneWise.Reports.Html.Sections;

/// <summary>What went wrong, grouped: how many trials each verdict stopped, and the rule that says where they were.</summary>
internal static class FailuresSection
{
    /// <summary>Writes the section.</summary>
    public static void Write(StringBuilder html, ReportContent content)
    {
        html.Append("<section id=\"failures\"><h2>What went wrong</h2>");
        if (content.Failures.Count == 0)
        {
            html.Append("<p>No trial was stopped as unhealthy and none failed.</p></section>");
            return;
        }
        html.Append("<div class=\"scroll\"><table><thead><tr><th>verdict</th><th class=\"num\">trials</th><th>where in the space</th><th>what to try</th></tr></thead><tbody>");
        foreach (var group in content.Failures)
        {
            var fixes = group.Trials.Select(n => content.Snapshot.Health.GetValueOrDefault(n)?.Verdicts.FirstOrDefault(v => v.Code == group.Verdict))
                .OfType<HealthVerdict>().SelectMany(v => v.Fixes).Distinct().Take(3).ToList();
            html.Append($"<tr><td><code>{Text(group.Verdict)}</code></td><td class=\"num\">{group.Trials.Count}</td>")
                .Append($"<td>{Text(group.Rule)}<br><span class=\"muted\">trials {Text(string.Join(", ", group.Trials))}</span></td>")
                .Append($"<td>{string.Join("<br>", fixes.Select(Text))}</td></tr>");
        }
        html.Append("</tbody></table></div></section>");
    }
}
