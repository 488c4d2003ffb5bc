using System.Collections.Concurrent;
using System.Text;
using ScottPlot;
using TuneWise.Reports.Charts;

namespace TuneWise.Reports.Html;

/// <summary>
/// Collects the charts of a report while its sections are written, then draws them all in
/// parallel and puts each in its place. Drawing is most of a report's cost, and the charts are
/// independent of each other.
/// </summary>
internal sealed class ChartBatch
{
    // Control characters never survive Html.Text, so a placeholder cannot be forged by input.
    private const char Mark = '\u0001';
    private readonly List<(Func<Plot> Build, string Description, int Width, int Height)> _charts = [];

    /// <summary>Reserves a figure for a chart and returns its placeholder markup.</summary>
    /// <param name="build">Builds the chart (called later, maybe on another thread).</param>
    /// <param name="caption">The caption under the chart (escaped here); also its description for screen readers.</param>
    /// <param name="width">Drawing width in pixels.</param>
    /// <param name="height">Drawing height in pixels.</param>
    public string Figure(Func<Plot> build, string caption, int width = SvgChart.Wide, int height = SvgChart.Tall)
    {
        _charts.Add((build, caption, width, height));
        // A chart drawn wider than a column takes the whole row of its grid.
        string wide = width > SvgChart.Wide ? " class=\"wide\"" : "";
        return $"<figure{wide}>{Mark}{_charts.Count - 1}{Mark}<figcaption>{Html.Text(caption)}</figcaption></figure>";
    }

    /// <summary>Draws every chart and returns <paramref name="page"/> with the placeholders replaced.</summary>
    public string Fill(string page)
    {
        var svgs = new ConcurrentDictionary<int, string>();
        Parallel.For(0, _charts.Count, i =>
        {
            var (build, description, width, height) = _charts[i];
            svgs[i] = SvgChart.Render(build(), description, width, height, idPrefix: $"c{i}");
        });
        var result = new StringBuilder(page.Length + svgs.Values.Sum(s => s.Length));
        int at = 0;
        while (true)
        {
            int start = page.IndexOf(Mark, at);
            if (start < 0) break;
            int end = page.IndexOf(Mark, start + 1);
            result.Append(page, at, start - at).Append(svgs[int.Parse(page.AsSpan(start + 1, end - start - 1), System.Globalization.CultureInfo.InvariantCulture)]);
            at = end + 1;
        }
        return result.Append(page, at, page.Length - at).ToString();
    }
}
