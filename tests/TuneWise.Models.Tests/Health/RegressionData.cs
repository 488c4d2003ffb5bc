using TuneWise.Core.Experiments;
using TuneWise.Models.Data;

namespace TuneWise.Models.Tests.Health;

/// <summary>Synthetic regression problems whose targets sit at a chosen scale, as house prices or sensor readings do.</summary>
internal static class RegressionData
{
    /// <summary>
    /// y = scale · (1 + 0.3 · (w·x)/‖w‖) + noise for 8 standard-normal features: targets around
    /// <paramref name="scale"/>, spread over ±30 %. Inputs are standardised, targets are not.
    /// </summary>
    public static TrainingData Make(double scale, int count = 2000, int seed = 1, bool normalizeTarget = true)
    {
        var rng = new Random(seed);
        const int d = 8;
        var w = Enumerable.Range(0, d).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        double norm = Math.Sqrt(w.Sum(v => v * v));
        var x = new float[count * d];
        var y = new float[count];
        for (int i = 0; i < count; i++)
        {
            double dot = 0;
            for (int j = 0; j < d; j++)
            {
                double v = Normal(rng);
                x[i * d + j] = (float)v;
                dot += w[j] * v;
            }
            y[i] = (float)(scale * (1 + 0.3 * dot / norm + 0.01 * Normal(rng)));
        }
        var full = new Dataset(x, y, [d], TaskKind.Regression, 0, $"regression around {scale:G3}");
        return ExperimentData.Prepare(full, null, null, new DataSection { Task = TaskKind.Regression, ValidationFraction = 0.2, NormalizeTarget = normalizeTarget }, seed);
    }

    /// <summary>y = x₁ for 4 standard-normal features: a problem a 2-layer net learns exactly.</summary>
    public static TrainingData Identity(int count = 512, int seed = 1)
    {
        var rng = new Random(seed);
        const int d = 4;
        var x = new float[count * d];
        var y = new float[count];
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j < d; j++) x[i * d + j] = (float)Normal(rng);
            y[i] = x[i * d];
        }
        var full = new Dataset(x, y, [d], TaskKind.Regression, 0, "y = x");
        return ExperimentData.Prepare(full, null, null, new DataSection { Task = TaskKind.Regression, ValidationFraction = 0.2, Normalize = NormalizeKind.None }, seed);
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
