using System.Text;
using TuneWise.Reports.Analysis;
using TuneWise.Reports.Charts;
using TuneWise.Reports.Studies;
using static TuneWise.Reports.Html.Html;

namespace TuneWise.Reports.Html.Sections;

/// <summary>
/// A section for each of the best trials and each unhealthy or failed one: its verdicts with the
/// evidence and fixes, and its health in pictures. So that 200 trials stay small and quick, the
/// pictures are drawn for the best trials and for the first trial of each verdict; the others
/// point to that one. So that 100,000 trials stay readable, each verdict (and crash) gets at most
/// <see cref="PerVerdict"/> sections; the rest of its trials are named in one line.
/// </summary>
internal static class TrialsSection
{
    /// <summary>How many of the best trials get a section.</summary>
    public const int BestTrials = 3;

    /// <summary>The most sections one verdict (or crash) gets: its first trials by number.</summary>
    public const int PerVerdict = 10;

    /// <summary>The trials that get a section: the best complete ones, then the first <see cref="PerVerdict"/> unhealthy or failed ones of each verdict, by number.</summary>
    public static IReadOnlyList<TrialRow> Detailed(ReportContent content) => Detailed(content, Sick(content));

    private static List<TrialRow> Detailed(ReportContent content, IReadOnlyList<IGrouping<string, TrialRow>> sick) =>
        content.Ranked.Where(r => r.Outcome == TrialOutcomeKind.Complete).Take(BestTrials)
            .Concat(sick.SelectMany(g => g.Take(PerVerdict)).OrderBy(r => r.Number))
            .ToList();

    // The unhealthy and failed trials by verdict (crashes as "error"), each group by number.
    private static List<IGrouping<string, TrialRow>> Sick(ReportContent content) =>
        content.Ranked.Where(r => r.Outcome is TrialOutcomeKind.Unhealthy or TrialOutcomeKind.Failed).OrderBy(r => r.Number)
            .GroupBy(r => r.Verdict ?? r.Outcome.Label()).ToList();

    /// <summary>Writes the section; its charts are drawn later by <paramref name="charts"/>.</summary>
    public static void Write(StringBuilder html, ReportContent content, ChartBatch charts)
    {
        var sick = Sick(content);
        var detailed = Detailed(content, sick);
        var drawnFor = new Dictionary<string, int>();
        html.Append("<section id=\"trials\"><h2>Trials in detail</h2>");
        if (detailed.Count == 0) html.Append("<p class=\"muted\">No trial has ended yet.</p>");
        foreach (var row in detailed)
        {
            var health = content.Snapshot.Health.GetValueOrDefault(row.Number) ?? new TrialHealth([], []);
            string state = row.Outcome.Label();
            string title = row.Outcome == TrialOutcomeKind.Complete ? $"#{row.Rank}, {content.Snapshot.Objective.Metric} {Formats.Number(row.Value)}"
                : $"{state}" + (row.Verdict is { } code ? $": {code}" : "");
            html.Append($"<div class=\"trial {state}\" id=\"trial-{row.Number}\"><h3>Trial {row.Number}: {Text(title)}</h3>")
                .Append($"<p class=\"muted\">{Text(string.Join(", ", row.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} = {ParameterAxis.Text(p.Value)}")))}; {row.Epochs} epochs</p>");
            // A trial that ran to its end at chance level was not stopped: say why it counts as sick instead.
            if (row.Reason is { } reason)
                html.Append(row.StoppedBy is { } by ? $"<p>Stopped by <b>{Text(by)}</b>: {Text(reason)}</p>"
                    : row.State == Core.Trials.TrialState.Failed ? $"<p>Failed with <b>an error</b>: {Text(reason)}</p>"
                    : $"<p>Ran to its end, but counts as sick: {Text(reason)}</p>");
            var verdicts = health.Verdicts.Where(v => v.Severity > Core.Health.Severity.Info || row.Outcome != TrialOutcomeKind.Complete).ToList();
            if (verdicts.Count > 0) SummarySection.Verdicts(html, verdicts);
            else if (row.Outcome == TrialOutcomeKind.Complete) html.Append("<p class=\"muted\">No health warning.</p>");

            string key = row.Outcome == TrialOutcomeKind.Complete ? $"best-{row.Number}" : row.Verdict ?? state;
            if (health.Samples.Count == 0 && health.LastSteps.Count == 0) html.Append("<p class=\"muted\">No health probe was recorded for this trial.</p>");
            else if (drawnFor.TryGetValue(key, out int shown)) html.Append($"<p class=\"muted\">Its health looks like <a href=\"#trial-{shown}\">trial {shown}</a>'s, which had the same verdict.</p>");
            else
            {
                drawnFor[key] = row.Number;
                Pictures(html, health, charts);
            }
            html.Append("</div>");
        }
        foreach (var group in sick.Where(g => g.Count() > PerVerdict))
        {
            var rest = group.Skip(PerVerdict).Select(r => r.Number).ToList();
            html.Append($"<p class=\"muted\">{Formats.Count(rest.Count)} more {Text(group.Key)} trials are not shown one by one: ")
                .Append(Text(string.Join(", ", rest.Take(50))))
                .Append(rest.Count > 50 ? $" and {Formats.Count(rest.Count - 50)} others" : "")
                .Append(".</p>");
        }
        html.Append("</section>");
    }

    /// <summary>Below this many probes a line chart is a dot on empty axes: the probes are shown as numbers instead.</summary>
    public const int FewestProbesToDraw = 3;

    private static void Pictures(StringBuilder html, TrialHealth health, ChartBatch charts)
    {
        var samples = health.Samples;
        if (health.LastSteps.Count > 1)
            html.Append("<div class=\"charts\">")
                .Append(charts.Figure(() => HealthCharts.LastSteps(health.LastSteps, samples),
                    $"Its last {health.LastSteps.Count} steps: the loss of every step and the gradient norm, around the failure."))
                .Append("</div>");
        if (samples.Count < FewestProbesToDraw)
        {
            if (samples.Count > 0) ProbeTable(html, samples);
            return;
        }
        html.Append("<div class=\"charts\">")
            .Append(charts.Figure(() => HealthCharts.GradientFlow(samples), "Gradient flow: each layer's gradient norm over time (input side at the bottom)."))
            .Append(charts.Figure(() => HealthCharts.UpdateRatios(samples), "How big each step's update is against the weights; about 1e-3 is typical."))
            .Append(charts.Figure(() => HealthCharts.Activations(samples), "Share of dead ReLU units and saturated sigmoid/tanh units."))
            .Append(charts.Figure(() => HealthCharts.Losses(samples), "Data loss against the l2 penalty."))
            .Append("</div><div class=\"charts small\">");
        var layers = HealthCharts.LayerNames(samples);
        foreach (var layer in layers.Count > 1 ? [layers[0], layers[^1]] : layers)
            foreach (bool gradients in new[] { false, true })
                html.Append(charts.Figure(() => HealthCharts.Distribution(samples, layer, gradients),
                    $"{layer} {(gradients ? "gradients" : "weights")}: 5–95 % and 25–75 % bands and the median over time.", 420, 300));
        html.Append("</div>");
    }

    // A trial that died within its first probes: every number the monitor recorded, around the failure.
    private static void ProbeTable(StringBuilder html, IReadOnlyList<Core.Health.HealthSample> samples)
    {
        var layers = HealthCharts.LayerNames(samples);
        var activations = samples.SelectMany(s => s.Activations.Select(a => a.Layer)).Distinct().ToList();
        html.Append($"<p class=\"muted\">The trial ended after {samples.Count} health probe(s), too few to draw; what they measured:</p><div class=\"scroll\"><table><thead><tr><th class=\"num\">step</th><th class=\"num\">data loss</th>")
            .Append(string.Concat(layers.Select(l => $"<th class=\"num\">‖gradient‖ {Text(l)}</th><th class=\"num\">‖ΔW‖/‖W‖ {Text(l)}</th>")))
            .Append(string.Concat(activations.Select(a => $"<th class=\"num\">{Text(a)} dead / saturated</th>")))
            .Append("</tr></thead><tbody>");
        foreach (var sample in samples)
        {
            html.Append($"<tr><td class=\"num\">{sample.Step}</td><td class=\"num\">{Formats.Number(sample.DataLoss)}</td>");
            foreach (var layer in layers)
            {
                var h = sample.Layers.FirstOrDefault(l => l.Layer == layer);
                html.Append($"<td class=\"num\">{Formats.Number(h?.GradientNorm)}</td><td class=\"num\">{Formats.Number(h?.UpdateRatio)}</td>");
            }
            foreach (var name in activations)
            {
                var a = sample.Activations.FirstOrDefault(x => x.Layer == name);
                html.Append($"<td class=\"num\">{(a?.DeadUnitFraction is { } d ? Formats.Percent(d) : "—")} / {(a?.SaturatedFraction is { } f ? Formats.Percent(f) : "—")}</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</tbody></table></div>");
    }
}
