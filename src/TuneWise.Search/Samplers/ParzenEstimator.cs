using MathNet.Numerics;
using TuneWise.Core.Spaces;

namespace TuneWise.Search.Samplers;

/// <summary>How a <see cref="ParzenEstimator"/> sets its kernels.</summary>
/// <param name="AdaptiveBandwidth">
/// Each observation's width in each numeric dimension is the larger distance to its neighbours in
/// that dimension (Optuna's univariate rule), so kernels are narrow where observations crowd and
/// broad where they are sparse; otherwise one width for all, 0.2·n^(−1/(d+4)) (Scott's rule).
/// </param>
/// <param name="MagicClip">Widths are at least 1/min(100, n + 2) of the range (Optuna's "magic clip"), so a few close observations do not collapse into spikes.</param>
/// <param name="SharpeningCategories">
/// A categorical kernel puts 1 + w on its observed choice and w = prior/(n+1) on each choice before
/// normalising (Optuna's rule), so it sharpens as observations accumulate; otherwise (1+K)/(2K) on
/// the observed choice whatever n is.
/// </param>
/// <param name="PriorWeight">Weight of the broad prior component against 1 for each observation.</param>
/// <param name="ClipScale">Divides the magic clip's floor (2: kernels may be half as narrow as Optuna's); 0 for max(1, 4/d) with d parameters.</param>
internal sealed record ParzenSettings(bool AdaptiveBandwidth = false, bool MagicClip = false, bool SharpeningCategories = false, double PriorWeight = 1.0, double ClipScale = 1.0)
{
    public static ParzenSettings Default { get; } = new();
}

/// <summary>
/// A multivariate Parzen estimator over a (possibly conditional) search space, as in Optuna's
/// multivariate TPE: one component per observation plus a broad prior component, each a product
/// of truncated Gaussians on the unit interval (numeric parameters) and categorical kernels.
/// </summary>
/// <remarks>
/// Everything a density needs is computed once per estimator, per parameter in flat arrays (each
/// observation's centre in unit space, its kernel width and the log of its normaliser), so scoring
/// a candidate against a thousand observations reads arrays instead of dictionaries and logarithms.
/// </remarks>
internal sealed class ParzenEstimator
{
    private readonly SearchSpace _space;
    private readonly List<IReadOnlyDictionary<string, object>> _observations;
    private readonly Dictionary<string, Kernels> _kernels = [];
    private readonly double[] _logWeights;
    private readonly double[] _cumulativeWeights;

    /// <summary>One parameter's kernels: per observation its centre (NaN where the parameter is inactive), width and log normaliser.</summary>
    private sealed class Kernels(int n)
    {
        public readonly double[] Centre = new double[n];
        public readonly double[] Sigma = new double[n];
        public readonly double[] LogNormaliser = new double[n];
        public readonly int[] Choice = new int[n];
        // Categorical: the probability a kernel gives its observed choice.
        public double Hit;
    }

    public ParzenEstimator(SearchSpace space, IEnumerable<IReadOnlyDictionary<string, object>> observations, ParzenSettings? settings = null)
    {
        _space = space;
        _observations = observations.ToList();
        settings ??= ParzenSettings.Default;
        int n = _observations.Count;
        int numeric = Math.Max(1, space.Parameters.Count(p => p is not CategoricalParameter));
        double scott = Math.Max(0.2 * Math.Pow(n + 1, -1.0 / (numeric + 4)), 0.01);
        foreach (var p in space.Parameters)
        {
            var kernels = _kernels[p.Name] = new Kernels(n);
            var holders = new List<int>(n);
            for (int i = 0; i < n; i++)
            {
                if (_observations[i].TryGetValue(p.Name, out var value))
                {
                    holders.Add(i);
                    kernels.Centre[i] = p.ToUnit(value);
                    kernels.Choice[i] = p is CategoricalParameter c ? c.IndexOf(value) : -1;
                }
                else { kernels.Centre[i] = double.NaN; kernels.Choice[i] = -1; }
            }
            if (p is CategoricalParameter cat)
            {
                int k = cat.Choices.Count;
                double w = settings.PriorWeight / (holders.Count + 1);
                kernels.Hit = settings.SharpeningCategories ? (1 + w) / (1 + k * w) : (1.0 + k) / (2.0 * k) + (1 - (1.0 + k) / (2.0 * k)) / k;
                continue;
            }
            double scale = settings.ClipScale > 0 ? settings.ClipScale : Math.Max(1, 4.0 / space.Parameters.Count);
            double floor = settings.MagicClip ? 1.0 / Math.Min(100, scale * (holders.Count + 2)) : 0.01;
            if (!settings.AdaptiveBandwidth)
                foreach (int i in holders) kernels.Sigma[i] = Math.Max(scott, floor);
            else
            {
                // Neighbour distances among the observations and the prior's centre, as Optuna's univariate estimator.
                var points = holders.Select(i => (Index: i, X: kernels.Centre[i])).Append((Index: -1, X: 0.5)).OrderBy(t => t.X).ToList();
                for (int j = 0; j < points.Count; j++)
                {
                    if (points[j].Index < 0) continue;
                    double left = j > 0 ? points[j].X - points[j - 1].X : points[j].X;
                    double right = j < points.Count - 1 ? points[j + 1].X - points[j].X : 1 - points[j].X;
                    // At the ends, the distance to the range's edge does not count (consider_endpoints = false).
                    double sigma = j == 0 && points.Count > 1 ? right : j == points.Count - 1 && points.Count > 1 ? left : Math.Max(left, right);
                    kernels.Sigma[points[j].Index] = Math.Clamp(sigma, floor, 1);
                }
            }
            foreach (int i in holders)
            {
                double mu = kernels.Centre[i], sigma = kernels.Sigma[i];
                double mass = Phi((1 - mu) / sigma) - Phi(-mu / sigma);
                kernels.LogNormaliser[i] = Math.Log(sigma * Math.Sqrt(2 * Math.PI)) + Math.Log(Math.Max(mass, 1e-300));
            }
        }
        var weights = Enumerable.Repeat(1.0, n).Append(settings.PriorWeight).ToArray();
        double total = weights.Sum();
        _logWeights = weights.Select(w => Math.Log(w / total)).ToArray();
        _cumulativeWeights = new double[weights.Length];
        double running = 0;
        for (int i = 0; i < weights.Length; i++) _cumulativeWeights[i] = running += weights[i] / total;
    }

    public int Count => _observations.Count;

    /// <summary>Draws a point: picks a component by weight and samples each active parameter from it.</summary>
    public Dictionary<string, object> Sample(Random rng)
    {
        double u = rng.NextDouble();
        int component = Array.FindIndex(_cumulativeWeights, c => u < c);
        if (component < 0) component = _observations.Count;
        var center = component < _observations.Count ? _observations[component] : null;
        return _space.Assign(p =>
        {
            if (center is null || !center.ContainsKey(p.Name)) return p.FromUnit(rng.NextDouble());
            var kernels = _kernels[p.Name];
            if (p is CategoricalParameter cat)
            {
                int k = cat.Choices.Count, observed = kernels.Choice[component];
                // The observed choice with its hit probability, the others share the rest evenly.
                if (rng.NextDouble() < kernels.Hit || k == 1) return cat.Choices[observed];
                int other = rng.Next(k - 1);
                return cat.Choices[other >= observed ? other + 1 : other];
            }
            return p.FromUnit(TruncatedNormal(rng, kernels.Centre[component], kernels.Sigma[component]));
        });
    }

    /// <summary>log density of <paramref name="point"/> under the mixture, over the point's active parameters.</summary>
    public double LogDensity(IReadOnlyDictionary<string, object> point)
    {
        int n = _observations.Count;
        var terms = (double[])_logWeights.Clone();
        foreach (var p in _space.Parameters)
        {
            if (!point.TryGetValue(p.Name, out var value)) continue;
            var kernels = _kernels[p.Name];
            if (p is CategoricalParameter cat)
            {
                int k = cat.Choices.Count, choice = cat.IndexOf(value);
                double logHit = Math.Log(kernels.Hit), logMiss = k == 1 ? 0 : Math.Log((1 - kernels.Hit) / (k - 1)), logUniform = -Math.Log(k);
                for (int i = 0; i < n; i++)
                    terms[i] += kernels.Choice[i] < 0 ? logUniform : kernels.Choice[i] == choice ? logHit : logMiss;
                terms[n] += logUniform;
                continue;
            }
            // Numeric: the uniform prior and components without the parameter add log 1 = 0.
            double x = p.ToUnit(value);
            for (int i = 0; i < n; i++)
            {
                double mu = kernels.Centre[i];
                if (double.IsNaN(mu)) continue;
                double z = (x - mu) / kernels.Sigma[i];
                terms[i] += -0.5 * z * z - kernels.LogNormaliser[i];
            }
        }
        double max = double.NegativeInfinity;
        foreach (double t in terms) if (t > max) max = t;
        double sum = 0;
        foreach (double t in terms) sum += Math.Exp(t - max);
        return max + Math.Log(sum);
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

    private static double Phi(double z) => 0.5 * SpecialFunctions.Erfc(-z / Math.Sqrt(2));
}
