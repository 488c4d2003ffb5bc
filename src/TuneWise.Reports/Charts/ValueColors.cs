using ScottPlot;

namespace TuneWise.Reports.Charts;

/// <summary>
/// The colour scale of a chart whose markers are coloured by the objective, so a colour bar can
/// say which colour is which value.
/// </summary>
/// <param name="colormap">The colours, low to high.</param>
/// <param name="low">The value at the low end.</param>
/// <param name="high">The value at the high end.</param>
internal sealed class ValueColors(IColormap colormap, double low, double high) : IHasColorAxis
{
    public IColormap Colormap { get; set; } = colormap;

    public ScottPlot.Range GetRange() => new(low, high);

    /// <summary>The colour of <paramref name="value"/>.</summary>
    public Color Of(double value) => Colormap.GetColor(high > low ? (value - low) / (high - low) : 1);
}
