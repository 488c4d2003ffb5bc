using System.Text;
using TuneWise.Core.Experiments;
using TuneWise.Core.Health;
using TuneWise.Reports.Analysis;
using TuneWise.Reports.Studies;
using static TuneWise.Reports.Html.Html;

namespace TuneWise.Reports.Html.Sections;

/// <summary>The summary: experiment and data with the preflight findings, the budget used, the best configuration and where to search next.</summary>
internal static class SummarySection
{
    /// <summary>Writes the section.</summary>
    public static void Write(StringBuilder html, ReportContent content)
    {
        var snapshot = content.Snapshot;
        var experiment = snapshot.Experiment;
        var summary = snapshot.Summary;
        var best = content.Best;
        html.Append("<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">");
        Card(html, "best " + snapshot.Objective.Metric, best is null ? "none yet" : content.ValueWithError(best),
            best is null ? "no trial completed" : $"trial {best.Number}" + (content.TiedWithBest.Count > 1 ? $", tied with {content.TiedWithBest.Count - 1} other(s)" : ""));
        if (summary.Test is { } test)
            Card(html, "test score of the retrained best", string.Join(", ", test.Select(m => $"{m.Key} {Formats.Number(m.Value)}")), "trained on training + validation data, scored once on test");
        Card(html, "trials", Formats.Count(content.Ranked.Count),
            string.Join(", ", content.Ranked.GroupBy(r => r.Outcome).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.Label()}")));
        var savings = PruningSavings.Of(content);
        Card(html, "epochs trained", $"{Formats.Count(savings.EpochsRun)} of {Formats.Count(savings.EpochsRun + savings.EpochsSaved)}",
            $"{Formats.Percent(savings.SavedShare)} saved by pruning");
        Card(html, "training time", Formats.Duration(TimeSpan.FromSeconds(content.Ranked.Sum(r => r.Seconds ?? 0))), "sum over trials");
        html.Append("</div>");

        html.Append("<h3>Experiment</h3><table><tbody>");
        Row(html, "name", experiment.Name);
        Row(html, "data", $"{ExperimentLoader.NameOf(experiment.Data.Kind)} {experiment.Data.Path ?? ""} ({ExperimentLoader.NameOf(experiment.Data.Task)}" +
            (experiment.Data.TrainLimit is { } limit ? $", first {limit} samples" : "") + ")");
        Row(html, "model", Describe(experiment.Model));
        Row(html, "training", $"{experiment.Training.Epochs} epochs, batch {experiment.Training.BatchSize}, {ExperimentLoader.NameOf(experiment.Training.Optimizer)}, " +
            $"schedule {ExperimentLoader.NameOf(experiment.Training.Schedule)}");
        Row(html, "objective", snapshot.Objective.ToString());
        Row(html, "sampler", ExperimentLoader.NameOf(experiment.Search.Sampler));
        Row(html, "pruners", Pruners(experiment.Search.Pruner));
        Row(html, "budget", Budget(experiment.Search.Budget));
        Row(html, "report taken", snapshot.TakenAt.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture));
        html.Append("</tbody></table>");

        html.Append("<h3>Preflight findings</h3>");
        if (snapshot.Preflight.Count == 0) html.Append("<p class=\"muted\">None: the data and the model passed every check.</p>");
        else Verdicts(html, snapshot.Preflight);

        if (best is not null)
        {
            html.Append($"<h3>Best configuration: trial {best.Number}</h3><table><tbody>");
            foreach (var (name, value) in best.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal)) Row(html, name, ParameterAxis.Text(value));
            Row(html, snapshot.Objective.Metric, Formats.Number(best.Value));
            html.Append("</tbody></table>");
        }
        if (content.NextRanges.Count > 0)
        {
            html.Append("<h3>Suggested next search</h3><p class=\"muted\">The span of the top quarter of complete trials, widened by half its width.</p><table><thead><tr><th>parameter</th><th>range</th><th>note</th></tr></thead><tbody>");
            foreach (var r in content.NextRanges)
                html.Append($"<tr><td>{Text(r.Parameter)}</td><td><code>{Text(r.Range)}</code></td><td>{Text(r.Note ?? "")}</td></tr>");
            html.Append("</tbody></table>");
        }
        html.Append("</section>");
    }

    /// <summary>Writes verdicts with their evidence and fixes.</summary>
    public static void Verdicts(StringBuilder html, IEnumerable<HealthVerdict> verdicts)
    {
        foreach (var v in verdicts)
        {
            string severity = ExperimentLoader.NameOf(v.Severity);
            html.Append($"<p><span class=\"{severity}\">{Text(severity)}</span> <code>{Text(v.Code)}</code>");
            if (v.Step >= 0) html.Append($" <span class=\"muted\">from step {v.Step}</span>");
            if (v.Layers.Count > 0) html.Append($" <span class=\"muted\">in {Text(string.Join(", ", v.Layers))}</span>");
            html.Append($": {Text(v.Message)}</p>");
            if (v.Evidence.Count > 0)
                html.Append("<p class=\"muted\">evidence: ").Append(Text(string.Join("; ", v.Evidence.Select(e => $"{e.Key} = {Formats.Number(e.Value)}")))).Append("</p>");
            if (v.Fixes.Count > 0)
                html.Append("<ul class=\"fixes\">").Append(string.Concat(v.Fixes.Select(f => $"<li>{Text(f)}</li>"))).Append("</ul>");
        }
    }

    private static string Describe(ModelSection model) => ExperimentLoader.NameOf(model.Kind) + model.Kind switch
    {
        ModelKind.Mlp => $" hidden [{string.Join(", ", model.Hidden)}]",
        _ => $" channels [{string.Join(", ", model.Channels)}], {model.Blocks} blocks",
    } + $", {ExperimentLoader.NameOf(model.Activation)}, init {ExperimentLoader.NameOf(model.Init)}" + (model.BatchNorm ? ", batch norm" : "") + (model.Dropout > 0 ? $", dropout {Formats.Number(model.Dropout)}" : "");

    private static string Pruners(PrunerSection p)
    {
        var names = new List<string>();
        if (p.Health is not null) names.Add("health");
        if (p.Asha is { } asha) names.Add($"asha (min {asha.MinEpochs} epochs, factor {asha.ReductionFactor})");
        if (p.Median is { } median) names.Add($"median ({Formats.Number(median.Percentile)} percentile)");
        if (p.Patient is { } patient) names.Add($"patient ({patient.Patience} epochs)");
        return names.Count == 0 ? "none" : string.Join(", ", names);
    }

    private static string Budget(BudgetSection b) =>
        $"{b.Trials} trials" + (b.Minutes is { } m ? $", {Formats.Number(m)} minutes" : "") + (b.Epochs is { } e ? $", {e} epochs" : "");

    private static void Card(StringBuilder html, string label, string big, string detail) =>
        html.Append($"<div class=\"card\"><div class=\"label\">{Text(label)}</div><div class=\"big\">{Text(big)}</div><div class=\"label\">{Text(detail)}</div></div>");

    private static void Row(StringBuilder html, string name, string value) => html.Append($"<tr><th>{Text(name)}</th><td>{Text(value)}</td></tr>");
}
