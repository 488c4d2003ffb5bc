using System.Globalization;
using Spectre.Console;
using TuneWise.Models.Health;
using TuneWise.Core.Health;

namespace TuneWise.Cli.Output;

/// <summary>Prints verdicts and per-layer health as tables.</summary>
internal static class DiagnosisView
{
    public static void WriteVerdicts(IAnsiConsole console, string title, IReadOnlyList<HealthVerdict> verdicts, bool withFixes)
    {
        if (verdicts.Count == 0)
        {
            console.MarkupLineInterpolated($"[green]{title}: no findings[/]");
            return;
        }
        var table = new Table().Border(TableBorder.Rounded).Title(title)
            .AddColumns("severity", "code", "since step", "persists", "layers", "finding");
        foreach (var v in verdicts)
            table.AddRow(new Markup(Severity(v.Severity)), new Text(v.Code), new Text(v.Step < 0 ? "before training" : v.Step.ToString(CultureInfo.InvariantCulture)),
                new Text(v.Step < 0 ? "-" : v.Persists ? $"yes ({v.Occurrences}×)" : $"no ({v.Occurrences}×)"),
                new Text(v.Layers.Count == 0 ? "-" : string.Join(", ", v.Layers.Take(6)) + (v.Layers.Count > 6 ? ", …" : "")), new Text(v.Message));
        console.Write(table);
        if (!withFixes) return;
        foreach (var v in verdicts.Where(v => v.Severity != Core.Health.Severity.Info || v.Fixes.Count > 0))
        {
            console.MarkupLineInterpolated($"[bold]{v.Code}[/] — try:");
            foreach (var fix in v.Fixes) console.MarkupLineInterpolated($"  • {fix}");
            console.MarkupLineInterpolated($"  [grey]evidence: {string.Join(", ", v.Evidence.Take(8).Select(e => $"{e.Key} = {e.Value:G3}"))}[/]");
        }
    }

    public static void WriteLayers(IAnsiConsole console, HealthSample? sample)
    {
        if (sample is null) return;
        var layers = new Table().Border(TableBorder.Rounded).Title($"layers at step {sample.Step}")
            .AddColumns("layer", "grad norm", "after clip", "zero grads", "weight norm", "weight std", "update/weight", "moved from init");
        foreach (var l in sample.Layers)
            layers.AddRow(l.Layer, G(l.GradientNorm), G(l.ClippedGradientNorm), P(l.ZeroGradientFraction), G(l.WeightNorm), G(l.WeightStd), G(l.UpdateRatio), P(l.DistanceFromInit));
        console.Write(layers);
        if (sample.Activations.Count == 0) return;
        var activations = new Table().Border(TableBorder.Rounded).Title("activations on the probe batch")
            .AddColumns("layer", "kind", "outputs ≤ 0", "units never active", "saturated inputs");
        foreach (var a in sample.Activations)
            activations.AddRow(a.Layer, a.Kind, P(a.DeadFraction), P(a.DeadUnitFraction), P(a.SaturatedFraction));
        console.Write(activations);
        console.MarkupLineInterpolated($"first/last layer gradient ratio {G(sample.FirstToLastGradientRatio)}, global gradient norm {G(sample.GradientNorm)}");
    }

    /// <summary>One line per verdict, for the end of <c>tunewise train</c>.</summary>
    public static void WriteSummary(IAnsiConsole console, DiagnosisResult result)
    {
        var findings = result.All.ToList();
        if (findings.Count == 0)
        {
            console.MarkupLine("[green]health: no findings[/]");
            return;
        }
        foreach (var v in findings)
            console.MarkupLineInterpolated($"health: {Plain(v.Severity)} {v.Code}{(v.Step < 0 ? " (preflight)" : $" since step {v.Step}")}: {v.Message} Try: {v.Fixes.FirstOrDefault() ?? "-"}");
        console.MarkupLine("[grey]run tunewise diagnose for per-layer details and all fixes[/]");
    }

    private static string Severity(Core.Health.Severity s) => s switch
    {
        Core.Health.Severity.Fatal => "[red bold]fatal[/]",
        Core.Health.Severity.Warning => "[yellow]warning[/]",
        _ => "[blue]info[/]",
    };

    private static string Plain(Core.Health.Severity s) => s.ToString().ToLowerInvariant();
    private static string G(double v) => v.ToString("G3", CultureInfo.InvariantCulture);
    private static string P(double? v) => v is { } x && double.IsFinite(x) ? (x * 100).ToString("F1", CultureInfo.InvariantCulture) + "%" : "-";
}
