using TuneWise.Core.Spaces;
using TuneWise.Core.Trials;

namespace TuneWise.Search.Samplers;

/// <summary>
/// Every combination of a grid: explicit values per parameter, or <c>pointsPerDimension</c> evenly
/// spaced points in each numeric parameter's unit space (all choices of categorical ones).
/// Conditional parameters are gridded only under the parent values that activate them. Points are
/// visited in a seeded shuffled order; a point already in the history (running ones included) is
/// never proposed again; once all are used the grid starts over.
/// </summary>
public sealed class GridSampler(int seed = 0, int pointsPerDimension = 5, IReadOnlyDictionary<string, IReadOnlyList<object>>? values = null) : ISampler
{
    /// <summary>All grid points of <paramref name="space"/>, in visiting order.</summary>
    public IReadOnlyList<Dictionary<string, object>> Points(SearchSpace space)
    {
        var points = new List<Dictionary<string, object>> { new() };
        foreach (var p in space.Parameters)
        {
            var next = new List<Dictionary<string, object>>();
            foreach (var partial in points)
            {
                if (p.When is { } c && !c.Holds(partial)) { next.Add(partial); continue; }
                foreach (var v in ValuesOf(p)) next.Add(new Dictionary<string, object>(partial) { [p.Name] = v });
            }
            points = next;
        }
        var rng = new Random(seed);
        var order = points.ToArray();
        rng.Shuffle(order);
        return order;
    }

    /// <inheritdoc />
    public Dictionary<string, object> Propose(SearchSpace space, IReadOnlyList<TrialRecord> history, int trialNumber)
    {
        var points = Points(space);
        var used = history.Select(t => Key(t.Parameters)).ToList();
        // Start over once every point has been used as often as the grid has rounds so far.
        int round = used.Count / Math.Max(1, points.Count);
        foreach (var point in points)
            if (used.Count(k => k == Key(point)) <= round) return point;
        return points[trialNumber % points.Count];
    }

    private IEnumerable<object> ValuesOf(Parameter p)
    {
        if (values is not null && values.TryGetValue(p.Name, out var explicitValues)) return explicitValues;
        if (p is CategoricalParameter c) return c.Choices;
        if (pointsPerDimension < 2) return [p.FromUnit(0.5)];
        return Enumerable.Range(0, pointsPerDimension).Select(i => p.FromUnit((double)i / (pointsPerDimension - 1))).Distinct();
    }

    private static string Key(IReadOnlyDictionary<string, object> parameters) =>
        string.Join(";", parameters.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={Condition.Normalize(kv.Value)}"));
}
