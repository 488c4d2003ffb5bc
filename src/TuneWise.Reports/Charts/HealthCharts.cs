using ScottPlot;
using TuneWise.Core.Health;

namespace TuneWise.Reports.Charts;

/// <summary>The charts of one trial's health probes: gradient flow, distributions, dead units, update ratios, losses.</summary>
internal static class HealthCharts
{
    /// <summary>Layers × probes heatmap of log₁₀ gradient norm: vanishing gradients show as a dark band at the input side, explosions as a bright end.</summary>
    public static Plot GradientFlow(IReadOnlyList<HealthSample> samples)
    {
        var plot = SvgChart.Create("Gradient flow: log10 gradient norm per layer", "step", "");
        var layers = LayerNames(samples);
        if (layers.Count == 0 || samples.Count == 0) return plot;
        var cells = new double[layers.Count, samples.Count];
        for (int s = 0; s < samples.Count; s++)
            for (int l = 0; l < layers.Count; l++)
            {
                var layer = samples[s].Layers.FirstOrDefault(x => x.Layer == layers[l]);
                double norm = layer?.GradientNorm ?? double.NaN;
                // A heatmap draws its first row at the top: the output layer goes there, the input layer at the bottom,
                // as networks are usually drawn. A zero or non-finite norm is left blank.
                cells[layers.Count - 1 - l, s] = norm > 0 && double.IsFinite(norm) ? Math.Log10(norm) : double.NaN;
            }
        var heatmap = plot.Add.Heatmap(cells);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.Extent = new CoordinateRect(-0.5, samples.Count - 0.5, -0.5, layers.Count - 0.5);
        SvgChart.Lettered(plot.Add.ColorBar(heatmap), "log10 ‖gradient‖");
        plot.Axes.Left.SetTicks(Enumerable.Range(0, layers.Count).Select(i => (double)i).ToArray(), [.. layers]);
        var ticks = Enumerable.Range(0, samples.Count).Where(i => i % Math.Max(1, samples.Count / 8) == 0).ToArray();
        plot.Axes.Bottom.SetTicks(ticks.Select(i => (double)i).ToArray(), ticks.Select(i => samples[i].Step.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.SetLimits(-0.5, samples.Count - 0.5, -0.5, layers.Count - 0.5);
        return plot;
    }

    /// <summary>TensorBoard-style bands of one layer's weights or gradients over time: 5–95 %, 25–75 % and the median.</summary>
    public static Plot Distribution(IReadOnlyList<HealthSample> samples, string layer, bool gradients)
    {
        var plot = SvgChart.Create($"{layer} {(gradients ? "gradients" : "weights")}", "step", "");
        var points = samples.Select(s => (s.Step, P: s.Layers.FirstOrDefault(l => l.Layer == layer) is { } h ? gradients ? h.GradientPercentiles : h.WeightPercentiles : null))
            .Where(p => p.P is not null && Finite(p.P)).ToList();
        if (points.Count < 2) return plot;
        var xs = points.Select(p => (double)p.Step).ToArray();
        var color = gradients ? Color.FromHex("#d2691e") : Color.FromHex("#1f6fb4");
        plot.Add.FillY(xs, points.Select(p => p.P!.P5).ToArray(), points.Select(p => p.P!.P95).ToArray()).FillColor = color.WithAlpha(0.2);
        plot.Add.FillY(xs, points.Select(p => p.P!.P25).ToArray(), points.Select(p => p.P!.P75).ToArray()).FillColor = color.WithAlpha(0.4);
        var median = plot.Add.Scatter(xs, points.Select(p => p.P!.P50).ToArray(), color);
        median.MarkerSize = 0;
        return plot;
    }

    /// <summary>The share of dead ReLU units and of saturated sigmoid/tanh pre-activations per activation layer over time.</summary>
    public static Plot Activations(IReadOnlyList<HealthSample> samples)
    {
        var plot = SvgChart.Create("Dead and saturated units", "step", "share");
        foreach (var name in samples.SelectMany(s => s.Activations.Select(a => a.Layer)).Distinct())
        {
            var dead = samples.Select(s => (s.Step, V: s.Activations.FirstOrDefault(a => a.Layer == name)?.DeadUnitFraction)).Where(p => p.V is not null).ToList();
            var saturated = samples.Select(s => (s.Step, V: s.Activations.FirstOrDefault(a => a.Layer == name)?.SaturatedFraction)).Where(p => p.V is not null).ToList();
            Line(plot, $"{name} dead units", dead.Select(p => (double)p.Step), dead.Select(p => p.V!.Value));
            Line(plot, $"{name} saturated", saturated.Select(p => (double)p.Step), saturated.Select(p => p.V!.Value));
        }
        plot.Axes.SetLimitsY(0, 1.02);
        SvgChart.Legend(plot);
        return plot;
    }

    /// <summary>‖ΔW‖/‖W‖ per layer over time on a log axis, with the 1e-3 rule of thumb marked.</summary>
    public static Plot UpdateRatios(IReadOnlyList<HealthSample> samples)
    {
        var plot = SvgChart.Create("Update-to-weight ratio per layer", "step", "‖ΔW‖ / ‖W‖ (log scale)");
        foreach (var layer in LayerNames(samples))
        {
            var points = samples.Select(s => (s.Step, V: s.Layers.FirstOrDefault(l => l.Layer == layer)?.UpdateRatio ?? 0)).Where(p => p.V > 0 && double.IsFinite(p.V)).ToList();
            Line(plot, layer, points.Select(p => (double)p.Step), points.Select(p => Math.Log10(p.V)));
        }
        var guide = plot.Add.HorizontalLine(-3, 1, Colors.Gray, LinePattern.Dashed);
        guide.LegendText = "1e-3 rule of thumb";
        SvgChart.LogTicks(plot.Axes.Left);
        SvgChart.Legend(plot);
        return plot;
    }

    /// <summary>Data loss against the l2 penalty over time (log axis): a penalty that dwarfs the data loss means the regularisation is too strong.</summary>
    public static Plot Losses(IReadOnlyList<HealthSample> samples)
    {
        var plot = SvgChart.Create("Data loss and l2 penalty", "step", "loss (log scale)");
        var data = samples.Where(s => s.DataLoss > 0 && double.IsFinite(s.DataLoss)).ToList();
        var l2 = samples.Where(s => s.RegularizationLoss > 0 && double.IsFinite(s.RegularizationLoss)).ToList();
        Line(plot, "data loss", data.Select(s => (double)s.Step), data.Select(s => Math.Log10(s.DataLoss)));
        Line(plot, "l2 penalty", l2.Select(s => (double)s.Step), l2.Select(s => Math.Log10(s.RegularizationLoss)));
        SvgChart.LogTicks(plot.Axes.Left);
        SvgChart.Legend(plot);
        return plot;
    }

    /// <summary>
    /// The data loss of each of a stopped trial's last steps and the gradient norm (per step where
    /// norm clipping measured it, else at the probes), on one log axis, with the first step whose
    /// loss was not finite marked: what happened around a failure that fell between two probes.
    /// </summary>
    public static Plot LastSteps(IReadOnlyList<StepHealth> steps, IReadOnlyList<HealthSample> probes)
    {
        var plot = SvgChart.Create("Loss and gradient norm per step, to its last step", "step", "log scale");
        var loss = steps.Where(s => s.DataLoss > 0 && double.IsFinite(s.DataLoss)).ToList();
        Line(plot, "data loss", loss.Select(s => (double)s.Step), loss.Select(s => Math.Log10(s.DataLoss)));
        var measured = steps.Where(s => s.GradientNorm is > 0 && double.IsFinite(s.GradientNorm.Value)).ToList();
        if (measured.Count > 0)
            Line(plot, "‖gradient‖ per step", measured.Select(s => (double)s.Step), measured.Select(s => Math.Log10(s.GradientNorm!.Value)));
        else
        {
            int first = steps.Count > 0 ? steps[0].Step : int.MaxValue;
            var probed = probes.Where(p => p.Step >= first && p.GradientNorm > 0 && double.IsFinite(p.GradientNorm)).ToList();
            if (probed.Count > 0)
            {
                var points = plot.Add.ScatterPoints(probed.Select(p => (double)p.Step).ToArray(), probed.Select(p => Math.Log10(p.GradientNorm)).ToArray());
                points.LegendText = "‖gradient‖ at the probes";
                points.MarkerSize = 7;
            }
        }
        if (steps.FirstOrDefault(s => !double.IsFinite(s.DataLoss)) is { } broken)
        {
            var line = plot.Add.VerticalLine(broken.Step, 2, Colors.Red, LinePattern.Dashed);
            line.LegendText = $"loss not finite at step {broken.Step}";
        }
        SvgChart.LogTicks(plot.Axes.Left);
        SvgChart.Legend(plot);
        return plot;
    }

    /// <summary>The layers with weights, input side first, as the probes name them.</summary>
    public static IReadOnlyList<string> LayerNames(IReadOnlyList<HealthSample> samples) =>
        samples.SelectMany(s => s.Layers.Select(l => l.Layer)).Distinct().ToList();

    private static void Line(Plot plot, string name, IEnumerable<double> xs, IEnumerable<double> ys)
    {
        var x = xs.ToArray();
        if (x.Length == 0) return;
        var line = plot.Add.Scatter(x, ys.ToArray());
        line.LegendText = name;
        line.MarkerSize = x.Length > 40 ? 0 : 3;
    }

    private static bool Finite(Percentiles? p) =>
        p is not null && double.IsFinite(p.P5) && double.IsFinite(p.P95) && double.IsFinite(p.P25) && double.IsFinite(p.P75) && double.IsFinite(p.P50);
}
