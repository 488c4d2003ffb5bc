namespace TuneWise.Reports.Charts;

/// <summary>One named line of a chart.</summary>
/// <param name="Name">Legend text, e.g. <c>validation loss</c>.</param>
/// <param name="X">Horizontal values (epochs, steps, learning rates).</param>
/// <param name="Y">Vertical values; non-finite values are left out of the line.</param>
public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>A vertical line marking one value on the horizontal axis, e.g. a suggested learning rate.</summary>
/// <param name="Name">Legend text.</param>
/// <param name="X">Where the line stands.</param>
public sealed record Marker(string Name, double X);
