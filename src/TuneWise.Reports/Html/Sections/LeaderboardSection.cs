using System.Globalization;
using System.Text;
using TuneWise.Reports.Analysis;
using TuneWise.Reports.Studies;
using static TuneWise.Reports.Html.Html;

namespace TuneWise.Reports.Html.Sections;

/// <summary>Every trial ranked by the objective in a table the browser sorts by any column.</summary>
public static class LeaderboardSection
{
    /// <summary>Writes the section.</summary>
    public static void Write(StringBuilder html, ReportContent content)
    {
        var names = content.Axes.Select(a => a.Name).ToList();
        html.Append("<section id=\"leaderboard\"><h2>Leaderboard</h2>")
            .Append("<p class=\"muted\">Every trial, best first. Click a column to sort by it. Pruned trials show the value they had reached when stopped.</p>")
            .Append("<div class=\"scroll\"><table class=\"sortable\" id=\"leaderboard-table\"><thead><tr>")
            .Append("<th class=\"num\">rank</th><th class=\"num\">trial</th><th>state</th>")
            .Append($"<th class=\"num\">{Text(content.Snapshot.Objective.Metric)}</th><th class=\"num\">epochs</th><th class=\"num\">seconds</th>");
        foreach (var name in names) html.Append($"<th>{Text(name)}</th>");
        html.Append("<th>stopped by</th><th>verdict</th><th>why</th></tr></thead><tbody>");
        foreach (var row in content.Ranked)
        {
            string state = row.Outcome.Label();
            html.Append($"<tr id=\"trial-row-{row.Number}\">")
                .Append(Number(row.Rank)).Append(Number(row.Number))
                .Append($"<td><span class=\"state {state}\">{state}</span></td>")
                .Append(Number(row.Value)).Append(Number(row.Epochs)).Append(Number(row.Seconds is { } s ? Math.Round(s, 1) : null));
            foreach (var name in names)
            {
                var value = row.Parameters.GetValueOrDefault(name);
                html.Append(ParameterAxis.Number(value) is { } n ? Number(n) : $"<td>{Text(ParameterAxis.Text(value))}</td>");
            }
            html.Append($"<td>{Text(row.StoppedBy ?? "")}</td><td>{(row.Verdict is { } v ? $"<code>{Text(v)}</code>" : "")}</td>")
                .Append($"<td class=\"why\">{Text(row.Reason ?? "")}</td></tr>");
        }
        html.Append("</tbody></table></div></section>");
    }

    private static string Number(double? value) =>
        value is { } v && double.IsFinite(v)
            ? $"<td class=\"num\" data-v=\"{v.ToString("R", CultureInfo.InvariantCulture)}\">{Text(Formats.Number(v))}</td>"
            : $"<td class=\"num\" data-v=\"\">{Text(Formats.Number(value))}</td>";
}
