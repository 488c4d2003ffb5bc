using TuneWise.Core.Spaces;

namespace TuneWise.Search.Samplers;

/// <summary>
/// Maps an assignment to a point of the unit cube for the Gaussian process: one coordinate per
/// numeric parameter (0.5 when inactive), a one-hot block per categorical parameter (all zero when
/// inactive).
/// </summary>
internal sealed class GpEncoding
{
    private readonly SearchSpace _space;

    public GpEncoding(SearchSpace space)
    {
        _space = space;
        Dimensions = space.Parameters.Sum(p => p is CategoricalParameter c ? c.Choices.Count : 1);
    }

    public int Dimensions { get; }

    public double[] Encode(IReadOnlyDictionary<string, object> assignment)
    {
        var x = new double[Dimensions];
        int d = 0;
        foreach (var p in _space.Parameters)
        {
            bool active = assignment.TryGetValue(p.Name, out var value);
            if (p is CategoricalParameter c)
            {
                if (active) x[d + c.IndexOf(value!)] = 1;
                d += c.Choices.Count;
            }
            else x[d++] = active ? p.ToUnit(value!) : 0.5;
        }
        return x;
    }
}
