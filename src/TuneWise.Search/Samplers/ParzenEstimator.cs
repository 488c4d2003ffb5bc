using MathNet.Numerics;
using TuneWise.Core.Spaces;

namespace TuneWise.Search.Samplers;

/// <summary>
/// A multivariate Parzen estimator over a (possibly conditional) search space, as in Optuna's
/// multivariate TPE: one component per observation plus a broad prior component, each a product
/// of truncated Gaussians on the unit interval (numeric parameters) and categorical kernels.
/// Bandwidth σ = 0.2 · n^(−1/(d+4)) (Scott's rule, Optuna's magnitude).
/// </summary>
internal sealed class ParzenEstimator
{
    private readonly SearchSpace _space;
    private readonly List<IReadOnlyDictionary<string, object>> _observations;
    private readonly double _sigma;

    public ParzenEstimator(SearchSpace space, IEnumerable<IReadOnlyDictionary<string, object>> observations)
    {
        _space = space;
        _observations = observations.ToList();
        int numeric = Math.Max(1, space.Parameters.Count(p => p is not CategoricalParameter));
        _sigma = Math.Max(0.2 * Math.Pow(_observations.Count + 1, -1.0 / (numeric + 4)), 0.01);
    }

    public int Count => _observations.Count;

    /// <summary>Draws a point: picks a component (the prior with weight 1/(n+1)) and samples each active parameter from it.</summary>
    public Dictionary<string, object> Sample(Random rng)
    {
        int component = rng.Next(_observations.Count + 1);
        var center = component < _observations.Count ? _observations[component] : null;
        return _space.Assign(p =>
        {
            if (center is null || !center.TryGetValue(p.Name, out var c)) return p.FromUnit(rng.NextDouble());
            if (p is CategoricalParameter cat)
            {
                // The observed category with probability (1 + K)/(2K), the others share the rest.
                int k = cat.Choices.Count, observed = cat.IndexOf(c);
                return rng.NextDouble() < (1.0 + k) / (2.0 * k) ? cat.Choices[observed] : cat.Choices[rng.Next(k)];
            }
            return p.FromUnit(TruncatedNormal(rng, p.ToUnit(c), _sigma));
        });
    }

    /// <summary>log density of <paramref name="point"/> under the mixture, over the point's active parameters.</summary>
    public double LogDensity(IReadOnlyDictionary<string, object> point)
    {
        var active = _space.Parameters.Where(p => point.ContainsKey(p.Name)).ToList();
        var terms = new double[_observations.Count + 1];
        for (int i = 0; i <= _observations.Count; i++)
        {
            var center = i < _observations.Count ? _observations[i] : null;
            double sum = 0;
            foreach (var p in active)
            {
                object value = point[p.Name];
                if (center is null || !center.TryGetValue(p.Name, out var c))
                    sum += p is CategoricalParameter pc ? -Math.Log(pc.Choices.Count) : 0; // uniform prior
                else if (p is CategoricalParameter cat)
                {
                    int k = cat.Choices.Count;
                    double same = (1.0 + k) / (2.0 * k);
                    double probability = cat.IndexOf(value) == cat.IndexOf(c) ? same + (1 - same) / k : (1 - same) / k;
                    sum += Math.Log(probability);
                }
                else sum += LogTruncatedNormal(p.ToUnit(value), p.ToUnit(c), _sigma);
            }
            terms[i] = sum;
        }
        double max = terms.Max();
        return max + Math.Log(terms.Sum(t => Math.Exp(t - max))) - Math.Log(terms.Length);
    }

    private static double TruncatedNormal(Random rng, double mean, double sigma)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            double x = mean + sigma * SamplerRandom.StandardNormal(rng);
            if (x is >= 0 and <= 1) return x;
        }
        return Math.Clamp(mean, 0, 1);
    }

    private static double LogTruncatedNormal(double x, double mean, double sigma)
    {
        double z = (x - mean) / sigma;
        double mass = Phi((1 - mean) / sigma) - Phi(-mean / sigma);
        return -0.5 * z * z - Math.Log(sigma * Math.Sqrt(2 * Math.PI)) - Math.Log(Math.Max(mass, 1e-300));
    }

    private static double Phi(double z) => 0.5 * SpecialFunctions.Erfc(-z / Math.Sqrt(2));
}
