using System.Text;
using TuneWise.Core.Health;
using TuneWise.Reports.Analysis;
using TuneWise.Reports.Studies;
using static TuneWise.Reports.Html.Html;

namespace TuneWise.Reports.Html.Sections;

/// <summary>
/// The verdict at the top of the page: what won, which trials the study cannot tell apart from it,
/// whether the winner itself trained healthily, and what to run next, ready to copy.
/// </summary>
internal static class VerdictSection
{
    /// <summary>Writes the section.</summary>
    public static void Write(StringBuilder html, ReportContent content)
    {
        var snapshot = content.Snapshot;
        var objective = snapshot.Objective;
        var best = content.Best;
        html.Append("<section id=\"verdict\"><h2>Verdict</h2><div class=\"verdict\">");
        if (best is null)
        {
            html.Append("<p class=\"big\">No trial has completed yet.</p>");
            if (content.Failures.Count > 0) html.Append("<p>See <a href=\"#failures\">what went wrong</a> for why the trials stopped.</p>");
            html.Append("</div></section>");
            return;
        }
        html.Append($"<p class=\"big\">Best: <a href=\"#trial-{best.Number}\">trial {best.Number}</a>, {Text(objective.Metric)} {Text(content.ValueWithError(best))}</p>")
            .Append($"<p class=\"muted\">{Text(string.Join(", ", best.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} = {ParameterAxis.Text(p.Value)}")))}</p>");

        var tied = content.TiedWithBest.Where(n => n != best.Number).Order().ToList();
        if (content.StandardError(best) is null)
            html.Append($"<p>How far apart two trials must be to differ beyond noise is not known for {Text(objective.Metric)}; treat close values as ties.</p>");
        else if (tied.Count == 0)
            html.Append($"<p>No other trial is within noise of it ({Text(Noise.Method)}, 95 %).</p>");
        else
            html.Append($"<p><b>Tied with it:</b> {string.Join(", ", tied.Select(n => $"<a href=\"#trial-row-{n}\">trial {n}</a>"))} ")
                .Append($"{(tied.Count == 1 ? "is" : "are")} within noise of the best ({Text(Noise.Method)}, 95 %): the study cannot tell them apart; any of them is as good a choice.</p>");

        if (Noise.SpreadBetweenSeeds(content.Ranked) is { } spread)
            html.Append($"<p><b>Seed to seed:</b> {spread.Configurations} configuration{(spread.Configurations == 1 ? " was" : "s were")} run more than once ")
                .Append($"({spread.Runs} complete runs); the same configuration's {Text(objective.Metric)} varied between seeds by a standard deviation of ")
                .Append($"{Text(Formats.Number(spread.StandardDeviation))}{(content.StandardError(best) is { } error ? $" (the validation set alone explains {Text(Formats.Number(error))})" : "")}: ")
                .Append("differences smaller than about twice that are luck of the seed.</p>");

        var warnings = snapshot.Health.GetValueOrDefault(best.Number)?.Verdicts.Where(v => v.Severity > Severity.Info).ToList() ?? [];
        html.Append(warnings.Count == 0
            ? "<p><b>Its health:</b> no warning while it trained.</p>"
            : $"<p><b>Its health:</b> {string.Join(", ", warnings.Select(v => $"<code>{Text(v.Code)}</code>"))}: see <a href=\"#trial-{best.Number}\">its section</a> before shipping it.</p>");

        string bestFile = Path.GetFileName(Search.Tuning.TuningResults.BestExperimentPath(snapshot.Experiment));
        html.Append("<h3>Next</h3><p>Train the best configuration again, with its seed, from the file written beside the study:</p>")
            .Append($"<pre><code>tunewise train {Text(bestFile)}</code></pre>");
        if (content.NextRanges.Count > 0)
            html.Append("<p>Or search around it: paste this into <code>search.space</code> (the span of the top quarter of complete trials, widened by half):</p>")
                .Append($"<pre><code>{Text(NextSearchRange.SpaceJson(content.NextRanges))}</code></pre>");
        html.Append("</div></section>");
    }
}
