using System.Text.RegularExpressions;
using ScottPlot;
using TuneWise.Reports.Analysis;

namespace TuneWise.Reports.Charts;

/// <summary>
/// Turns a ScottPlot chart into SVG markup to embed inline in the report, and holds the report's
/// chart conventions: sizes, colours by trial outcome, log axes.
/// </summary>
internal static partial class SvgChart
{
    /// <summary>
    /// Drawing width of a chart in pixels: about the width of a column of the page's two-column grid,
    /// so the chart is shown near its drawn size and 13-px lettering stays at least 11 px on screen.
    /// </summary>
    public const int Wide = 600;
    /// <summary>Drawing height of a chart in pixels.</summary>
    public const int Tall = 380;
    /// <summary>The smallest share of its drawn width a chart is shown at, in percent.</summary>
    public const int MinimumScalePercent = 80;
    /// <summary>The size of all chart lettering but titles and axis names: 14 px drawn, at least 11 px shown.</summary>
    public const float TextSize = 14;

    /// <summary>The colour of a trial outcome, the same in every chart and in the leaderboard.</summary>
    public static Color ColorOf(TrialOutcomeKind outcome) => outcome switch
    {
        TrialOutcomeKind.Complete => Color.FromHex("#1f6fb4"),
        TrialOutcomeKind.Pruned => Color.FromHex("#9aa3ad"),
        TrialOutcomeKind.Unhealthy => Color.FromHex("#d6402b"),
        TrialOutcomeKind.Failed => Color.FromHex("#8a2be2"),
        _ => Color.FromHex("#e0b000"),
    };

    /// <summary>A new plot with a title and axis labels.</summary>
    public static Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        Style(plot);
        plot.Title(title, size: 17);
        plot.XLabel(xLabel, size: 15);
        plot.YLabel(yLabel, size: 15);
        return plot;
    }

    /// <summary>The report's lettering: a sans-serif face, as the page's, and ticks large enough to read once the chart is scaled to its column.</summary>
    public static void Style(Plot plot)
    {
        plot.Font.Set("DejaVu Sans");
        plot.Legend.FontSize = TextSize;
        foreach (var axis in plot.Axes.GetAxes()) axis.TickLabelStyle.FontSize = TextSize;
    }

    /// <summary>A colour bar whose ticks and label are lettered like the rest of the chart.</summary>
    public static void Lettered(ScottPlot.Panels.ColorBar bar, string label)
    {
        bar.Label = label;
        bar.Axis.TickLabelStyle.FontSize = TextSize;
        bar.Axis.Label.FontSize = TextSize;
    }

    /// <summary>
    /// The legend below the plot area, never on top of the data. Each entry takes its own width: with
    /// every column as wide as the longest label, a range test's eight entries needed more rows than
    /// the legend's height, and the last one was clipped away without a trace.
    /// </summary>
    public static void Legend(Plot plot)
    {
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.TightHorizontalWrapping = true;
    }

    /// <summary>Ticks at whole numbers only (trials, epochs, steps): a trial 2.5 does not exist.</summary>
    public static void WholeTicks(IAxis axis) =>
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

    /// <summary>Labels an axis that carries log₁₀ values with the values themselves, all in one notation (1e-3, 3.2e-3, 1e-2…).</summary>
    public static void LogTicks(IAxis axis) =>
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => Scientific(Math.Pow(10, v)) };

    /// <summary>
    /// Labels an axis of log₂ values (a power-of-two parameter such as the batch size) with the powers
    /// themselves: 16, 32, 64, never 45 or "1e2".
    /// </summary>
    public static void PowerOfTwoTicks(IAxis axis, double lowLog2, double highLog2)
    {
        var exponents = Enumerable.Range((int)Math.Ceiling(lowLog2 - 1e-9), Math.Max(1, (int)Math.Floor(highLog2 + 1e-9) - (int)Math.Ceiling(lowLog2 - 1e-9) + 1)).ToArray();
        axis.SetTicks(exponents.Select(e => e * Math.Log10(2)).ToArray(),
            exponents.Select(e => Math.Pow(2, e).ToString("0", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>A positive value as mantissa and power of ten with at most two significant digits: 1e-3, 3.2e-4, 1e0.</summary>
    public static string Scientific(double value)
    {
        if (!(value > 0) || !double.IsFinite(value)) return Formats.Number(value);
        int exponent = (int)Math.Floor(Math.Log10(value) + 1e-9);
        double mantissa = Math.Round(value / Math.Pow(10, exponent), 1);
        if (mantissa >= 10) (mantissa, exponent) = (1, exponent + 1);
        string m = mantissa.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
        return m == "1" ? $"1e{exponent}" : $"{m}e{exponent}";
    }

    /// <summary>
    /// The plot as an inline <c>&lt;svg&gt;</c> element that scales to its container. ScottPlot
    /// escapes the text it draws; anything scriptable is refused all the same, because input
    /// (trial names, parameter values) reaches chart labels.
    /// </summary>
    /// <param name="plot">The chart.</param>
    /// <param name="description">What the chart shows, for screen readers (escaped here).</param>
    /// <param name="width">Drawing width in pixels.</param>
    /// <param name="height">Drawing height in pixels.</param>
    /// <param name="idPrefix">
    /// Put before every id the chart declares and refers to. ScottPlot numbers its images and clip
    /// paths per chart (<c>img_0</c>), and a reference resolves to the first element of that id in the
    /// whole document: without a prefix of its own, every chart after the first would show the first
    /// chart's heatmap.
    /// </param>
    public static string Render(Plot plot, string description, int width = Wide, int height = Tall, string idPrefix = "chart")
    {
        string svg = plot.GetSvgXml(width, height);
        if (Scriptable().IsMatch(svg)) throw new InvalidOperationException("a chart contained scriptable markup");
        svg = IdReference().Replace(svg, m => m.Groups["open"].Value + idPrefix + "-" + m.Groups["id"].Value);
        int start = svg.IndexOf("<svg", StringComparison.Ordinal);
        int tagEnd = svg.IndexOf('>', start);
        string rest = svg[(tagEnd + 1)..];
        // Never shown below 4/5 of its drawn width, so 14-px lettering stays at least 11 px: a narrow
        // screen scrolls the figure sideways instead of shrinking the text out of reach.
        int minWidth = width * MinimumScalePercent / 100;
        return $"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 {width} {height}\" "
            + $"class=\"chart\" style=\"min-width:{minWidth}px\" role=\"img\" aria-label=\"{Html.Html.Attribute(description)}\">{rest}";
    }

    // id="x", href="#x", xlink:href="#x" and url(#x): every way an SVG declares or refers to an id.
    [GeneratedRegex(@"(?<open>\b(?:id=""|href=""#)|url\(#)(?<id>[A-Za-z_][\w.-]*)")]
    private static partial Regex IdReference();

    // Only inside tags: text drawn on a chart may well read "onset=…".
    [GeneratedRegex(@"<\s*(script|foreignObject|iframe)|<[^>]*\son[a-z]+\s*=|<[^>]*javascript:", RegexOptions.IgnoreCase)]
    private static partial Regex Scriptable();
}
