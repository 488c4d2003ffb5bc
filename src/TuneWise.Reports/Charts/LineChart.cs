using ScottPlot;

namespace TuneWise.Reports.Charts;

/// <summary>Draws named series as a line chart and writes it as SVG or PNG (by the file's extension).</summary>
public static class LineChart
{
    /// <summary>
    /// Throws <see cref="TuneWise.Core.UserInputException"/> unless <paramref name="path"/> names an .svg or .png file;
    /// commands call it before training so a bad file name does not waste a run.
    /// </summary>
    /// <param name="path">The chart file.</param>
    /// <param name="label">How to name the file in the message (e.g. <c>--plot x.gif</c>); default the path.</param>
    public static void EnsureSupported(string path, string? label = null)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".svg" or ".png"))
            throw new TuneWise.Core.UserInputException($"{label ?? path}: a chart is written as .svg or .png, got '{extension}'");
    }

    /// <summary>Writes the chart to <paramref name="path"/> (.svg or .png).</summary>
    /// <param name="path">Output file; its extension picks the format.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="xLabel">Horizontal axis label.</param>
    /// <param name="yLabel">Vertical axis label.</param>
    /// <param name="series">The lines to draw.</param>
    /// <param name="logX">Draw the horizontal axis on a log₁₀ scale (learning-rate curves).</param>
    /// <param name="markers">Vertical dashed lines with a legend entry each.</param>
    public static void Write(string path, string title, string xLabel, string yLabel, IReadOnlyList<Series> series, bool logX = false,
        IReadOnlyList<Marker>? markers = null)
    {
        EnsureSupported(path);
        var plot = Build(title, xLabel, yLabel, series, logX, markers);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        if (Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase)) plot.SaveSvg(path, 800, 500);
        else plot.SavePng(path, 800, 500);
    }

    /// <summary>The chart <see cref="Write"/> draws, for embedding elsewhere (the HTML report).</summary>
    public static Plot Build(string title, string xLabel, string yLabel, IReadOnlyList<Series> series, bool logX = false,
        IReadOnlyList<Marker>? markers = null)
    {
        var plot = new Plot();
        SvgChart.Style(plot);
        foreach (var s in series)
        {
            var points = s.X.Zip(s.Y).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second) && (!logX || p.First > 0)).ToList();
            if (points.Count == 0) continue;
            var xs = points.Select(p => logX ? Math.Log10(p.First) : p.First).ToArray();
            var line = plot.Add.Scatter(xs, points.Select(p => p.Second).ToArray());
            line.LegendText = s.Name;
        }
        foreach (var marker in markers ?? [])
        {
            if (!double.IsFinite(marker.X) || (logX && marker.X <= 0)) continue;
            var line = plot.Add.VerticalLine(logX ? Math.Log10(marker.X) : marker.X);
            line.LegendText = marker.Name;
            line.LinePattern = LinePattern.Dashed;
        }
        if (logX) SvgChart.LogTicks(plot.Axes.Bottom);
        plot.Title(title);
        plot.XLabel(logX ? xLabel + " (log scale)" : xLabel);
        plot.YLabel(yLabel);
        SvgChart.Legend(plot);
        return plot;
    }
}
