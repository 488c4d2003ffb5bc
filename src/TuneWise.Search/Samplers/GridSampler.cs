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
    /// <summary>
    /// The most points a grid may have: every point is built in memory and every proposal looks at
    /// each of them, so a grid of 10⁹ points would need tens of gigabytes before its first trial.
    /// </summary>
    public const long MaxPoints = 100_000;

    /// <summary>
    /// How many points the grid of <paramref name="space"/> has at most (conditional parameters
    /// counted as if always active), without building any: saturates at <see cref="long.MaxValue"/>.
    /// </summary>
    public long CountAtMost(SearchSpace space)
    {
        long count = 1;
        foreach (var p in space.Parameters)
        {
            long n = ValuesOf(p).LongCount();
            count = n == 0 ? count : count > long.MaxValue / n ? long.MaxValue : count * n;
        }
        return count;
    }

    /// <summary>Why the grid of <paramref name="space"/> is too large to search, or null when it is not.</summary>
    public string? TooLarge(SearchSpace space)
    {
        long total = CountAtMost(space);
        if (total <= MaxPoints) return null;
        string count = total == long.MaxValue ? "more than 9e18" : total.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        return $"search.sampler \"grid\": the space has up to {count} grid points, more than the {MaxPoints:N0} a grid may hold; use \"tpe\" or \"random\", or offer fewer choices";
    }

    /// <summary>All grid points of <paramref name="space"/>, in visiting order.</summary>
    /// <exception cref="SearchSpaceException">The grid would have more than <see cref="MaxPoints"/> points.</exception>
    public IReadOnlyList<Dictionary<string, object>> Points(SearchSpace space)
    {
        if (TooLarge(space) is { } message) throw new SearchSpaceException(message);
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
        var used = history.GroupBy(t => Key(t.Parameters)).ToDictionary(g => g.Key, g => g.Count());
        // Start over once every point has been used as often as the grid has rounds so far.
        int round = history.Count / Math.Max(1, points.Count);
        foreach (var point in points)
            if (used.GetValueOrDefault(Key(point)) <= round) return point;
        return points[trialNumber % points.Count];
    }

    private IEnumerable<object> ValuesOf(Parameter p)
    {
        if (values is not null && values.TryGetValue(p.Name, out var explicitValues)) return explicitValues;
        if (p is CategoricalParameter c) return c.Choices;
        if (pointsPerDimension < 2) return [p.FromUnit(0.5)];
        return Enumerable.Range(0, pointsPerDimension).Select(i => p.FromUnit((double)i / (pointsPerDimension - 1))).Distinct();
    }

    private static string Key(IReadOnlyDictionary<string, object> parameters) => SearchSpace.Key(parameters);
}
