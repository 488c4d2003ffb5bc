using System.Globalization;
using System.Text;
using TuneWise.Reports.Analysis;
using TuneWise.Reports.Studies;
using static TuneWise.Reports.Html.Html;

namespace TuneWise.Reports.Html.Sections;

/// <summary>
/// Every trial (the best <see cref="Listed"/> of a larger study) ranked by the objective in a compact table: sortable by any column, filtered by
/// state and verdict, each value with its noise where it is known, trials tied with the best marked,
/// long reasons folded to two lines, and rows linked to their trial sections.
/// </summary>
internal static class LeaderboardSection
{
    /// <summary>The most rows the table lists: past this a page would weigh tens of megabytes and sort slowly.</summary>
    public const int Listed = 1_000;

    /// <summary>Writes the section.</summary>
    public static void Write(StringBuilder html, ReportContent content)
    {
        var names = content.Axes.Select(a => a.Name).ToList();
        var detailed = TrialsSection.Detailed(content).Select(r => r.Number).ToHashSet();
        html.Append("<section id=\"leaderboard\"><h2>Leaderboard</h2>")
            .Append(content.Ranked.Count > Listed
                ? $"<p class=\"muted\">The best {Formats.Count(Listed)} of {Formats.Count(content.Ranked.Count)} trials; <code>tunewise status &lt;study&gt; --json</code> lists every one. Click"
                : "<p class=\"muted\">Every trial, best first. Click")
            .Append(" a column to sort by it. Pruned trials show the value they had reached when stopped; ")
            .Append("<span class=\"tied\">tied</span> marks trials within noise of the best. Hover or focus a reason to read all of it.</p>")
            .Append("<p class=\"filters\"><label>state <select data-filter=\"state\"><option value=\"\">all</option>");
        foreach (var state in content.Ranked.Select(r => r.Outcome.Label()).Distinct().Order(StringComparer.Ordinal))
            html.Append($"<option>{Text(state)}</option>");
        html.Append("</select></label> <label>verdict <select data-filter=\"verdict\"><option value=\"\">all</option>");
        foreach (var verdict in content.Ranked.Select(r => r.Verdict).OfType<string>().Distinct().Order(StringComparer.Ordinal))
            html.Append($"<option>{Text(verdict)}</option>");
        html.Append("</select></label></p>")
            .Append("<div class=\"scroll\"><table class=\"sortable compact\" id=\"leaderboard-table\"><thead><tr>")
            .Append("<th class=\"num\">rank</th><th class=\"num\">trial</th><th>state</th>")
            .Append($"<th class=\"num\">{Text(content.Snapshot.Objective.Metric)}</th><th class=\"num\">epochs</th><th class=\"num optional\">seconds</th>");
        foreach (var name in names) html.Append($"<th>{Text(name)}</th>");
        html.Append("<th>verdict</th><th>why</th></tr></thead><tbody>");
        foreach (var row in content.Ranked.Take(Listed))
        {
            string state = row.Outcome.Label();
            html.Append($"<tr id=\"trial-row-{row.Number}\" data-state=\"{Attribute(state)}\" data-verdict=\"{Attribute(row.Verdict ?? "")}\">")
                .Append(Number(row.Rank))
                .Append(detailed.Contains(row.Number)
                    ? $"<td class=\"num\" data-v=\"{row.Number}\"><a href=\"#trial-{row.Number}\">{row.Number}</a></td>"
                    : Number(row.Number))
                .Append($"<td><span class=\"state {state}\">{state}</span></td>")
                .Append(Value(row, content))
                .Append(Number(row.Epochs)).Append(Number(row.Seconds is { } s ? Math.Round(s, 1) : null, "optional"));
            foreach (var name in names)
            {
                var value = row.Parameters.GetValueOrDefault(name);
                html.Append(ParameterAxis.Number(value) is { } n ? Number(n) : $"<td>{Text(ParameterAxis.Text(value))}</td>");
            }
            // Who stopped the trial leads its reason: one column fewer keeps the table on the page.
            string why = row.Reason is { Length: > 0 } reason ? (row.StoppedBy is { } by ? $"{by}: {reason}" : reason) : "";
            html.Append($"<td>{(row.Verdict is { } v ? $"<code>{Text(v)}</code>" : "")}</td>")
                .Append($"<td class=\"why\">{(why.Length > 0 ? $"<div class=\"clamp\" tabindex=\"0\">{Text(why)}</div>" : "")}</td></tr>");
        }
        html.Append("</tbody></table></div></section>");
    }

    // The objective with its standard error when known, and the tie with the best.
    private static string Value(TrialRow row, ReportContent content)
    {
        if (row.Value is not { } v || !double.IsFinite(v)) return Number(row.Value);
        string error = content.StandardError(row) is { } se ? $"<span class=\"muted\"> ± {Text(Formats.Error(se))}</span>" : "";
        string tied = row.Outcome == TrialOutcomeKind.Complete && row.Rank > 1 && content.TiedWithBest.Contains(row.Number) ? " <span class=\"tied\">tied</span>" : "";
        return $"<td class=\"num\" data-v=\"{v.ToString("R", CultureInfo.InvariantCulture)}\">{Text(Formats.Number(v))}{error}{tied}</td>";
    }

    private static string Number(double? value, string? more = null) =>
        value is { } v && double.IsFinite(v)
            ? $"<td class=\"num{(more is null ? "" : " " + more)}\" data-v=\"{v.ToString("R", CultureInfo.InvariantCulture)}\">{Text(Formats.Number(v))}</td>"
            : $"<td class=\"num{(more is null ? "" : " " + more)}\" data-v=\"\">{Text(Formats.Number(value))}</td>";
}
