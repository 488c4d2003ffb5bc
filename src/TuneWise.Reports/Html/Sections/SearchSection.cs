using System.Text;
using TuneWise.Reports.Analysis;
using TuneWise.Reports.Charts;
using TuneWise.Reports.Studies;
using static TuneWise.Reports.Html.Html;

namespace TuneWise.Reports.Html.Sections;

/// <summary>The search in pictures: range tests, history, learning curves, parallel coordinates, slices, importance and the distribution of results.</summary>
internal static class SearchSection
{
    /// <summary>Writes the section; its charts are drawn later by <paramref name="charts"/>.</summary>
    public static void Write(StringBuilder html, ReportContent content, ChartBatch charts)
    {
        var snapshot = content.Snapshot;
        var objective = snapshot.Objective;
        html.Append("<section id=\"search\"><h2>Search</h2>");
        if (snapshot.Summary.RangeTests.Count > 0)
        {
            html.Append("<h3>Learning-rate range tests</h3><p class=\"muted\">Loss while the rate grows each step; the dashed lines mark each rule's suggestion and the bounds the sweep searched.</p><div class=\"charts\">");
            foreach (var test in snapshot.Summary.RangeTests)
                html.Append(charts.Figure(() => SearchCharts.RangeTest(test),
                    $"{test.Optimizer}: searched {Formats.Number(test.Range.Lower)} to {Formats.Number(test.Range.Upper)} ({test.Range.Rule}); stopped: {test.StopReason}" +
                    (test.Caveat is { } caveat ? $". Note: {caveat}." : "")));
            html.Append("</div>");
        }
        var drawn = content.Drawn;
        var window = SearchCharts.TimelineWindow(content.Ranked);
        html.Append("<h3>Trials</h3><div class=\"charts\">")
            .Append(charts.Figure(() => SearchCharts.History(content.Ranked, objective, drawn.Rows),
                "Each trial's value in the order it ran, and the best so far." + (drawn.All ? "" : drawn.Note + " The best-so-far line follows every trial.")))
            .Append(charts.Figure(() => SearchCharts.LearningCurves(drawn.Rows, objective),
                "The objective after each epoch: the five best complete trials in colour; stopped trials faint." + drawn.Note))
            .Append(charts.Figure(() => SearchCharts.EmpiricalDistribution(content.Ranked, objective), "The share of complete trials at or below each value."))
            .Append(charts.Figure(() => SearchCharts.Timeline(window, snapshot.TakenAt), "What ran when, on which worker: one bar per trial, coloured by how it ended." +
                (window.All ? "" : $" Drawn: the last {Formats.Count(window.Drawn.Count)} of {Formats.Count(window.Started)} trials to start.")))
            .Append("</div>");
        if (content.Axes.Count > 0)
        {
            html.Append("<h3>Parameters</h3><div class=\"charts\">")
                .Append(charts.Figure(() => SearchCharts.ParallelCoordinates(drawn.Rows, content.Axes, objective),
                    "Each line is one trial, through its value on every parameter axis and the objective: complete trials coloured by their value (brighter is better), the others by how they ended." + drawn.Note,
                    // Past four axes a column is too narrow for their names and end values: the chart takes the row.
                    width: content.Axes.Count + 1 > 4 ? 2 * SvgChart.Wide : SvgChart.Wide));
            if (content.Importance is { } importance)
            {
                int n = importance[0].Trials;
                string caveat = n < ParameterImportance.FirmTrials
                    ? $" Learnt from only {n} complete trials (fewer than {ParameterImportance.FirmTrials}): a rough ranking, read it with the slices below." : $" Learnt from {n} complete trials.";
                html.Append(charts.Figure(() => SearchCharts.Importance(importance), $"Parameter importance: {ParameterImportance.Method}.{caveat} {Direction(importance, objective)}"));
                var (first, second) = (Axis(content, importance[0].Parameter), importance.Count > 1 ? Axis(content, importance[1].Parameter) : null);
                if (second is not null)
                    html.Append(charts.Figure(() => SearchCharts.Pair(drawn.Rows, first, second, objective),
                        $"The two most important parameters, {first.Name} and {second.Name}: each complete trial coloured by its value, brighter is better.{drawn.Note}"));
            }
            html.Append("</div>");
            if (content.Importance is null)
                html.Append($"<p class=\"muted\">Parameter importance needs at least {ParameterImportance.MinimumTrials} complete trials.</p>");
            html.Append("<div class=\"charts small\">");
            foreach (var axis in content.Axes)
                html.Append(charts.Figure(() => SearchCharts.Slice(drawn.Rows, axis, objective), $"{axis.Name} against {objective.Metric}" + (drawn.All ? "" : "." + drawn.Note), 420, 320));
            html.Append("</div>");
        }
        html.Append("</section>");
    }

    private static ParameterAxis Axis(ReportContent content, string name) => content.Axes.First(a => a.Name == name);

    // Which way each important parameter pushed the objective, from its rank correlation.
    private static string Direction(IReadOnlyList<Importance> importance, Core.Trials.Objective objective)
    {
        var signs = importance.Where(i => i.Share >= 0.1 && i.Correlation is { } rho && Math.Abs(rho) >= 0.3)
            .Select(i => $"higher {i.Parameter} went with {(i.Correlation > 0 ? "higher" : "lower")} {objective.Metric} (Spearman ρ = {i.Correlation:0.00})")
            .ToList();
        return signs.Count == 0 ? "" : string.Join("; ", signs) + ".";
    }
}
