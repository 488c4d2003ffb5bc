using System.Text.RegularExpressions;
using ScottPlot;
using TuneWise.Reports.Analysis;

namespace TuneWise.Reports.Charts;

/// <summary>
/// Turns a ScottPlot chart into SVG markup to embed inline in the report, and holds the report's
/// chart conventions: sizes, colours by trial outcome, log axes.
/// </summary>
public static partial class SvgChart
{
    /// <summary>Width of a full-width chart in pixels.</summary>
    public const int Wide = 880;
    /// <summary>Height of a full-width chart in pixels.</summary>
    public const int Tall = 360;

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
        plot.Title(title, size: 15);
        plot.XLabel(xLabel, size: 13);
        plot.YLabel(yLabel, size: 13);
        return plot;
    }

    /// <summary>Labels an axis that carries log₁₀ values with the values themselves (1e-3, 1e-2…).</summary>
    public static void LogTicks(IAxis axis) =>
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            // Whole decades read as 1e-3; ticks between them as two significant digits (0.0032, 130).
            LabelFormatter = v => Math.Abs(v - Math.Round(v)) < 1e-9 ? $"1e{v:0}" : TwoDigits(Math.Pow(10, v)),
        };

    private static string TwoDigits(double value)
    {
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)) - 1);
        double rounded = Math.Round(value / magnitude) * magnitude;
        return rounded.ToString(rounded >= 1 ? "0.#" : "0.##########", System.Globalization.CultureInfo.InvariantCulture);
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
        return $"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 {width} {height}\" "
            + $"class=\"chart\" role=\"img\" aria-label=\"{Html.Html.Attribute(description)}\">{rest}";
    }

    // id="x", href="#x", xlink:href="#x" and url(#x): every way an SVG declares or refers to an id.
    [GeneratedRegex(@"(?<open>\b(?:id=""|href=""#)|url\(#)(?<id>[A-Za-z_][\w.-]*)")]
    private static partial Regex IdReference();

    // Only inside tags: text drawn on a chart may well read "onset=…".
    [GeneratedRegex(@"<\s*(script|foreignObject|iframe)|<[^>]*\son[a-z]+\s*=|<[^>]*javascript:", RegexOptions.IgnoreCase)]
    private static partial Regex Scriptable();
}
