using ScottPlot;
using TuneWise.Core.RangeTests;
using TuneWise.Core.Trials;
using TuneWise.Reports.Analysis;

namespace TuneWise.Reports.Charts;

/// <summary>The charts of a whole search: range tests, history, learning curves, parameters against the objective.</summary>
internal static class SearchCharts
{
    /// <summary>Loss against learning rate (log axis) with each rule's suggestion and the bounds the search used.</summary>
    public static Plot RangeTest(LrRangeTestResult result)
    {
        var lrs = result.Points.Select(p => p.LearningRate).ToList();
        var markers = result.Suggestions.Where(s => s.LearningRate is not null)
            .Select(s => new Marker($"{s.Rule} {Formats.Number(s.LearningRate!.Value)}", s.LearningRate!.Value))
            .Append(new Marker($"search from {Formats.Number(result.Range.Lower)}", result.Range.Lower))
            .Append(new Marker($"search to {Formats.Number(result.Range.Upper)}", result.Range.Upper))
            .Concat(result.CappedByDeadUnits && result.DeadUnitsFrom is { } dying ? [new Marker($"ReLU units die from {Formats.Number(dying)}", dying)] : [])
            // The lowest rate a held-rate check turned down: why the range ends below the divergence.
            .Concat(result.HeldRateChecks.LastOrDefault(c => !c.Held) is { } failed
                ? [new Marker($"{failed.Failure} held at batch {failed.BatchSize}: {Formats.Number(failed.LearningRate)}", failed.LearningRate)] : [])
            .ToList();
        var plot = LineChart.Build($"Range test: {result.Optimizer}", "learning rate", "loss",
        [
            new Series("loss", lrs, result.Points.Select(p => p.Loss).ToList()),
            new Series("smoothed loss", lrs, result.Points.Select(p => p.SmoothedLoss).ToList()),
        ], logX: true, markers);
        // The raw loss explodes at the end of a sweep; the smoothed curve's span is what matters.
        var smooth = result.Points.Select(p => p.SmoothedLoss).Where(double.IsFinite).ToList();
        if (smooth.Count > 1) plot.Axes.SetLimitsY(smooth.Min() * 0.9, Math.Min(smooth.Max(), smooth[0] * 4) * 1.05);
        return plot;
    }

    /// <summary>
    /// Each drawn trial's value by trial number, coloured by outcome, with the best so far as a step
    /// line taken from every trial (<paramref name="rows"/>), drawn or not.
    /// </summary>
    public static Plot History(IReadOnlyList<TrialRow> rows, Objective objective, IReadOnlyList<TrialRow>? drawn = null)
    {
        var plot = SvgChart.Create("Optimisation history", "trial", objective.Metric);
        SvgChart.WholeTicks(plot.Axes.Bottom);
        foreach (var group in (drawn ?? rows).Where(r => r.Value is { } v && double.IsFinite(v)).GroupBy(r => r.Outcome).OrderBy(g => g.Key))
        {
            var points = plot.Add.ScatterPoints(group.Select(r => (double)r.Number).ToArray(), group.Select(r => r.Value!.Value).ToArray(), SvgChart.ColorOf(group.Key));
            points.LegendText = group.Key.Label();
            points.MarkerSize = 7;
        }
        var complete = rows.Where(r => r.Outcome == TrialOutcomeKind.Complete && r.Value is { } v && double.IsFinite(v)).OrderBy(r => r.Number).ToList();
        if (complete.Count > 0)
        {
            // Only the trials that improved on the best make a step: the line is the same, its points far fewer.
            var steps = new List<(double Trial, double Best)>();
            foreach (var r in complete)
                if (steps.Count == 0 || objective.IsBetter(r.Value!.Value, steps[^1].Best)) steps.Add((r.Number, r.Value!.Value));
            steps.Add((rows.Max(r => r.Number), steps[^1].Best));
            var line = plot.Add.Scatter(steps.Select(p => p.Trial).ToArray(), steps.Select(p => p.Best).ToArray(), Colors.Black);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.MarkerSize = 0;
            line.LegendText = "best so far";
        }
        SvgChart.Legend(plot);
        return plot;
    }

    /// <summary>The objective per epoch of every trial: the top trials in colour, the rest faint, pruned ones fainter still.</summary>
    public static Plot LearningCurves(IReadOnlyList<TrialRow> ranked, Objective objective, int highlighted = 5)
    {
        var plot = SvgChart.Create("Learning curves (intermediate values)", "epoch (counted from 1)", objective.Metric);
        SvgChart.WholeTicks(plot.Axes.Bottom);
        var top = ranked.Where(r => r.Outcome == TrialOutcomeKind.Complete).Take(highlighted).Select(r => r.Number).ToHashSet();
        foreach (var row in ranked.Where(r => r.Curve.Count > 0 && !top.Contains(r.Number)))
        {
            var line = plot.Add.Scatter(row.Curve.Select(c => c.Epoch + 1.0).ToArray(), row.Curve.Select(c => c.Value).ToArray(),
                SvgChart.ColorOf(row.Outcome).WithAlpha(row.Outcome == TrialOutcomeKind.Complete ? 0.45 : 0.25));
            line.MarkerSize = 0;
            line.LineWidth = 1;
        }
        foreach (var row in ranked.Where(r => top.Contains(r.Number)))
        {
            var line = plot.Add.Scatter(row.Curve.Select(c => c.Epoch + 1.0).ToArray(), row.Curve.Select(c => c.Value).ToArray());
            line.LegendText = $"trial {row.Number} (#{row.Rank})";
            line.LineWidth = 2.5f;
            line.MarkerSize = 4;
        }
        SvgChart.Legend(plot);
        return plot;
    }

    /// <summary>
    /// What ran when, on which worker: one lane per worker, one bar per trial from its start to its
    /// end (to <paramref name="now"/> while it runs), coloured by outcome, for the trials of
    /// <paramref name="window"/> (<see cref="TimelineWindow"/>). Idle gaps, stragglers and a
    /// worker that died show at a glance.
    /// </summary>
    public static Plot Timeline(TimelineRows window, DateTimeOffset now)
    {
        var timed = window.Drawn;
        var plot = SvgChart.Create("Timeline of trials", window.All ? "minutes since the first trial started" : "minutes since the first trial drawn started", "");
        if (timed.Count == 0) return plot;
        var origin = timed[0].Started!.Value;
        var lanes = timed.Select(r => r.Worker ?? "unknown").Distinct().ToList();
        foreach (var row in timed)
        {
            double start = (row.Started!.Value - origin).TotalMinutes;
            double end = row.Seconds is { } s ? start + s / 60 : Math.Max(start, (now - origin).TotalMinutes);
            int lane = lanes.IndexOf(row.Worker ?? "unknown");
            var bar = plot.Add.Rectangle(start, Math.Max(end, start + 1e-3), lane - 0.35, lane + 0.35);
            bar.FillColor = SvgChart.ColorOf(row.Outcome).WithAlpha(0.8);
            bar.LineColor = Colors.White;
        }
        plot.Axes.Left.SetTicks(Enumerable.Range(0, lanes.Count).Select(i => (double)i).ToArray(), lanes.Select(Lane).ToArray());
        plot.Axes.SetLimitsY(lanes.Count - 0.5, -0.5);
        foreach (var outcome in timed.Select(r => r.Outcome).Distinct().Order())
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = outcome.Label(), FillColor = SvgChart.ColorOf(outcome) });
        SvgChart.Legend(plot);
        return plot;
    }

    /// <summary>
    /// The trials the timeline draws: all of them, or past <see cref="ChartSample.Limit"/> the last
    /// that many to start. A sample would leave gaps that read as idle workers; a window of the end
    /// of the run stays exact, and shows what the fleet does now.
    /// </summary>
    public static TimelineRows TimelineWindow(IReadOnlyList<TrialRow> rows)
    {
        var started = rows.Where(r => r.Started is not null).OrderBy(r => r.Started).ToList();
        return new TimelineRows(started.TakeLast(ChartSample.Limit).ToList(), started.Count);
    }

    /// <summary>The trials a timeline draws, by start, and how many trials started in all.</summary>
    public sealed record TimelineRows(IReadOnlyList<TrialRow> Drawn, int Started)
    {
        /// <summary>True when every trial that started is drawn.</summary>
        public bool All => Drawn.Count == Started;
    }

    // A worker's name as a lane label: "machine:pid" keeps its last 18 characters.
    private static string Lane(string worker) => worker.Length <= 18 ? worker : "…" + worker[^17..];

    /// <summary>
    /// Parallel coordinates: one vertical axis per parameter and one for the objective, one line
    /// per trial. Complete trials are coloured by their value (brighter is better, with a colour
    /// bar), so the paths of good trials stand out; pruned, unhealthy and failed trials keep their
    /// outcome's colour, the sick ones drawn on top.
    /// </summary>
    public static Plot ParallelCoordinates(IReadOnlyList<TrialRow> rows, IReadOnlyList<ParameterAxis> axes, Objective objective)
    {
        var plot = SvgChart.Create("Parallel coordinates", "", "position on each axis (low → high)");
        var values = rows.Select(r => r.Value).OfType<double>().Where(double.IsFinite).ToList();
        double vMin = values.Count > 0 ? values.Min() : 0, vMax = values.Count > 0 ? values.Max() : 1;
        var complete = rows.Where(r => r.Outcome == TrialOutcomeKind.Complete && r.Value is { } cv && double.IsFinite(cv)).Select(r => r.Value!.Value).ToList();
        var colors = complete.Count == 0 ? null : new ValueColors(objective.Direction == Core.Experiments.ObjectiveDirection.Maximize
            ? new ScottPlot.Colormaps.Viridis() : new ScottPlot.Colormaps.Viridis().Reversed(), complete.Min(), complete.Max());
        foreach (var row in rows.OrderBy(r => r.Outcome == TrialOutcomeKind.Complete ? 1 : r.Outcome == TrialOutcomeKind.Pruned ? 0 : 2))
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i < axes.Count; i++)
                if (axes[i].ToUnit(row.Parameters.GetValueOrDefault(axes[i].Name)) is { } u) { xs.Add(i); ys.Add(u); }
            if (row.Value is { } v && double.IsFinite(v)) { xs.Add(axes.Count); ys.Add(vMax > vMin ? (v - vMin) / (vMax - vMin) : 0.5); }
            if (xs.Count < 2) continue;
            var color = row.Outcome == TrialOutcomeKind.Complete && colors is not null && row.Value is { } value
                ? colors.Of(value).WithAlpha(0.85) : SvgChart.ColorOf(row.Outcome).WithAlpha(row.Outcome == TrialOutcomeKind.Pruned ? 0.35 : 0.7);
            var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), color);
            line.MarkerSize = 3;
        }
        if (colors is not null) SvgChart.Lettered(plot.Add.ColorBar(colors), objective.Metric + " (complete trials)");
        var labels = axes.Select(a => a.Name).Append(objective.Metric).ToArray();
        // Names alternate between two rows, so long ones never run into each other.
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, labels.Length).Select(i => (double)i).ToArray(), labels.Select((l, i) => i % 2 == 1 ? "\n" + l : l).ToArray());
        for (int i = 0; i < axes.Count; i++)
        {
            plot.Add.VerticalLine(i, 1, Colors.Gray);
            AxisEnds(plot, i, axes[i]);
        }
        plot.Add.VerticalLine(axes.Count, 1, Colors.Gray);
        plot.Add.Text(Formats.Number(vMin), axes.Count, 0).LabelFontSize = SvgChart.TextSize;
        plot.Add.Text(Formats.Number(vMax), axes.Count, 1).LabelFontSize = SvgChart.TextSize;
        plot.Axes.SetLimits(-0.3, axes.Count + 0.6, -0.08, 1.08);
        OutcomeLegend(plot, rows);
        return plot;
    }

    /// <summary>One parameter against the objective (a slice plot), coloured by outcome.</summary>
    public static Plot Slice(IReadOnlyList<TrialRow> rows, ParameterAxis axis, Objective objective)
    {
        var plot = SvgChart.Create(axis.Name, axis.Name + (axis.Log ? " (log scale)" : ""), objective.Metric);
        foreach (var group in rows.Where(r => r.Value is { } v && double.IsFinite(v)).GroupBy(r => r.Outcome).OrderBy(g => g.Key))
        {
            // Trials on one choice would sit on one vertical line, hiding each other: spread them a
            // little, the same way every time (by trial number), within a quarter of a category.
            var placed = group.Select(r => (X: Position(axis, r.Parameters.GetValueOrDefault(axis.Name)) + (axis.IsCategorical ? Jitter(r.Number) : 0), Y: r.Value!.Value))
                .Where(p => p.X is not null).ToList();
            if (placed.Count == 0) continue;
            var points = plot.Add.ScatterPoints(placed.Select(p => p.X!.Value).ToArray(), placed.Select(p => p.Y).ToArray(), SvgChart.ColorOf(group.Key));
            points.LegendText = group.Key.Label();
            points.MarkerSize = 6;
        }
        Ticks(plot.Axes.Bottom, axis);
        SvgChart.Legend(plot);
        return plot;
    }

    private static void Ticks(IAxis chartAxis, ParameterAxis axis)
    {
        if (axis.Categories is { } categories)
            chartAxis.SetTicks(Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray(), [.. categories]);
        else if (axis.Log && axis.Integer && IsPowerOfTwo(axis.Min) && IsPowerOfTwo(axis.Max))
            SvgChart.PowerOfTwoTicks(chartAxis, Math.Log2(axis.Min), Math.Log2(axis.Max));
        else if (axis.Log) SvgChart.LogTicks(chartAxis);
        else if (axis.Integer) SvgChart.WholeTicks(chartAxis);
    }

    private static bool IsPowerOfTwo(double value) => value >= 1 && Math.Abs(Math.Log2(value) - Math.Round(Math.Log2(value))) < 1e-9;

    /// <summary>
    /// Two parameters against each other, each complete trial a dot coloured by its value (brighter is
    /// better): where Optuna draws a contour, this shows the trials themselves, so nothing is interpolated.
    /// </summary>
    public static Plot Pair(IReadOnlyList<TrialRow> rows, ParameterAxis x, ParameterAxis y, Objective objective)
    {
        var plot = SvgChart.Create($"{x.Name} and {y.Name}", x.Name + (x.Log ? " (log scale)" : ""), y.Name + (y.Log ? " (log scale)" : ""));
        var placed = rows.Where(r => r.Outcome == TrialOutcomeKind.Complete && r.Value is { } v && double.IsFinite(v))
            .Select(r => (X: Position(x, r.Parameters.GetValueOrDefault(x.Name)), Y: Position(y, r.Parameters.GetValueOrDefault(y.Name)), V: objective.Score(r.Value!.Value)))
            .Where(p => p.X is not null && p.Y is not null).ToList();
        if (placed.Count == 0) return plot;
        // Coloured by the objective as the user reads it (accuracy, not its negated score): brighter is better.
        var shown = placed.Select(p => (p.X, p.Y, Value: objective.Direction == Core.Experiments.ObjectiveDirection.Maximize ? -p.V : p.V)).ToList();
        double low = shown.Min(p => p.Value), high = shown.Max(p => p.Value);
        bool higherIsBetter = objective.Direction == Core.Experiments.ObjectiveDirection.Maximize;
        var colors = new ValueColors(higherIsBetter ? new ScottPlot.Colormaps.Viridis() : new ScottPlot.Colormaps.Viridis().Reversed(), low, high);
        foreach (var p in shown)
        {
            var marker = plot.Add.Marker(p.X!.Value, p.Y!.Value, MarkerShape.FilledCircle, 9, colors.Of(p.Value));
            marker.MarkerLineColor = Colors.Black.WithAlpha(0.4);
        }
        SvgChart.Lettered(plot.Add.ColorBar(colors), objective.Metric);
        Ticks(plot.Axes.Bottom, x);
        Ticks(plot.Axes.Left, y);
        return plot;
    }

    /// <summary>Horizontal bars of each parameter's importance share.</summary>
    public static Plot Importance(IReadOnlyList<Importance> importances)
    {
        var plot = SvgChart.Create("Parameter importance", "share of importance", "");
        var ordered = importances.Reverse().ToList();
        var bars = plot.Add.Bars(ordered.Select(i => i.Share).ToArray());
        bars.Horizontal = true;
        bars.Color = SvgChart.ColorOf(TrialOutcomeKind.Complete);
        plot.Axes.Left.SetTicks(Enumerable.Range(0, ordered.Count).Select(i => (double)i).ToArray(), ordered.Select(i => i.Parameter).ToArray());
        plot.Axes.SetLimitsX(0, Math.Max(0.05, ordered.Max(i => i.Share) * 1.1));
        return plot;
    }

    /// <summary>The empirical distribution of the complete trials' values: the share of trials at or better than each value.</summary>
    public static Plot EmpiricalDistribution(IReadOnlyList<TrialRow> rows, Objective objective)
    {
        var plot = SvgChart.Create("Empirical distribution of the objective", objective.Metric, "share of complete trials");
        var values = rows.Where(r => r.Outcome == TrialOutcomeKind.Complete).Select(r => r.Value).OfType<double>().Where(double.IsFinite).Order().ToArray();
        if (values.Length == 0) return plot;
        // Past a few thousand values, evenly spaced ranks draw the same staircase to the pixel.
        var ranks = values.Length <= ChartSample.Limit ? Enumerable.Range(0, values.Length)
            : Enumerable.Range(0, ChartSample.Limit).Select(i => (int)Math.Round(i * (values.Length - 1.0) / (ChartSample.Limit - 1)));
        var kept = ranks.Distinct().ToArray();
        var line = plot.Add.Scatter(kept.Select(i => values[i]).ToArray(), kept.Select(i => (i + 1.0) / values.Length).ToArray(), SvgChart.ColorOf(TrialOutcomeKind.Complete));
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.MarkerSize = 0;
        plot.Axes.SetLimitsY(0, 1.02);
        return plot;
    }

    // A fixed offset in [−0.2, 0.2] from the trial number (Knuth's multiplicative hash).
    private static double Jitter(int number) => (unchecked((uint)number * 2654435761u) / (double)uint.MaxValue - 0.5) * 0.4;

    private static double? Position(ParameterAxis axis, object? value) =>
        axis.Categories is { } c ? (axis.ToUnit(value) is { } u ? u * Math.Max(1, c.Count - 1) : null) : axis.Scaled(value);

    private static void AxisEnds(Plot plot, int x, ParameterAxis axis)
    {
        if (axis.Categories is { } categories)
        {
            for (int i = 0; i < categories.Count; i++)
                plot.Add.Text(categories[i], x, categories.Count == 1 ? 0.5 : (double)i / (categories.Count - 1)).LabelFontSize = SvgChart.TextSize;
            return;
        }
        plot.Add.Text(Formats.Number(axis.Min), x, 0).LabelFontSize = SvgChart.TextSize;
        plot.Add.Text(Formats.Number(axis.Max), x, 1).LabelFontSize = SvgChart.TextSize;
    }

    private static void OutcomeLegend(Plot plot, IReadOnlyList<TrialRow> rows)
    {
        // Complete trials are told by the colour bar; the legend names the other outcomes.
        foreach (var outcome in rows.Select(r => r.Outcome).Where(o => o != TrialOutcomeKind.Complete).Distinct().Order())
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = outcome.Label(), LineColor = SvgChart.ColorOf(outcome), LineWidth = 3 });
        // Outside the data area: every corner of a parallel-coordinates chart is crossed by lines.
        if (plot.Legend.ManualItems.Count > 0) SvgChart.Legend(plot);
    }
}
