using ScottPlot;

namespace TuneWise.Reports.Charts;

/// <summary>
/// Draws one throwaway chart on another core while a report reads its study and fits its
/// importance model, so that the first real chart does not pay alone for loading SkiaSharp's fonts
/// and compiling ScottPlot's drawing code. On two cores this takes about a third of a second off a
/// report written by a fresh <c>tunewise report</c> process.
/// </summary>
internal static class ChartWarmUp
{
    /// <summary>Starts the warm-up; the task never fails (a warm-up that breaks only costs the time it saved).</summary>
    public static Task Start() => Task.Run(() =>
    {
        try
        {
            var plot = SvgChart.Create("warm-up", "x", "y");
            var line = plot.Add.Scatter(new double[] { 1, 2, 3 }, new double[] { 3, 1, 2 });
            line.LegendText = "line";
            plot.Add.ScatterPoints(new double[] { 1, 2 }, new double[] { 2, 3 }).LegendText = "points";
            plot.Add.Text("label", 1, 1);
            var heatmap = plot.Add.Heatmap(new double[,] { { 1, 2 }, { 3, 4 } });
            SvgChart.Lettered(plot.Add.ColorBar(heatmap), "colour");
            SvgChart.LogTicks(plot.Axes.Bottom);
            SvgChart.Legend(plot);
            _ = SvgChart.Render(plot, "warm-up", 200, 150);
        }
        catch (Exception)
        {
            // Nothing depends on the warm-up.
        }
    });
}
