using TuneWise.Core.Spaces;

namespace TuneWise.Search.Samplers;

/// <summary>
/// Maps an assignment to a point of the unit cube for the Gaussian process: one coordinate per
/// numeric parameter (0.5 when inactive), a one-hot block per categorical parameter of at most
/// <see cref="MaxOneHot"/> choices (all zero when inactive), and one coordinate (the choice's place
/// in the list) for a categorical parameter with more.
/// </summary>
/// <remarks>
/// The GP fits one length scale per coordinate by Nelder–Mead: four categorical parameters of 1,000
/// choices each made 4,000 coordinates and a proposal that ran for minutes. Past a few choices a
/// one-hot block buys little: the GP cannot learn 1,000 length scales from a few hundred trials.
/// </remarks>
internal sealed class GpEncoding
{
    /// <summary>The most choices a categorical parameter is one-hot encoded with.</summary>
    public const int MaxOneHot = 8;

    private readonly SearchSpace _space;

    public GpEncoding(SearchSpace space)
    {
        _space = space;
        Dimensions = space.Parameters.Sum(Width);
    }

    private static int Width(Parameter p) => p is CategoricalParameter c && c.Choices.Count <= MaxOneHot ? c.Choices.Count : 1;

    public int Dimensions { get; }

    public double[] Encode(IReadOnlyDictionary<string, object> assignment)
    {
        var x = new double[Dimensions];
        int d = 0;
        foreach (var p in _space.Parameters)
        {
            bool active = assignment.TryGetValue(p.Name, out var value);
            if (p is CategoricalParameter c && c.Choices.Count <= MaxOneHot)
            {
                if (active) x[d + c.IndexOf(value!)] = 1;
                d += c.Choices.Count;
            }
            else if (p is CategoricalParameter many)
                x[d++] = active ? (double)many.IndexOf(value!) / (many.Choices.Count - 1) : 0.5;
            else x[d++] = active ? p.ToUnit(value!) : 0.5;
        }
        return x;
    }
}
