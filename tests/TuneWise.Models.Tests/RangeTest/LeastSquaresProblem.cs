using TuneWise.Models.Data;
using TuneWise.Core.Experiments;

namespace TuneWise.Models.Tests.RangeTest;

/// <summary>
/// Linear least squares with a known answer: for the loss mean((Xw + b − y)²) the Hessian is
/// (2/n)·AᵀA with A = [X, 1], and gradient descent diverges above 2/λmax.
/// </summary>
internal sealed class LeastSquaresProblem
{
    public LeastSquaresProblem(int n = 1024, int seed = 3)
    {
        var rng = new Random(seed);
        double[] scales = [3, 1, 0.5, 0.2];
        double[] truth = [0.7, -1.2, 2.0, 0.4];
        int d = scales.Length;
        var x = new float[n * d];
        var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            double target = 0.3;
            for (int j = 0; j < d; j++)
            {
                double v = Gaussian(rng) * scales[j];
                x[i * d + j] = (float)v;
                target += truth[j] * v;
            }
            y[i] = (float)(target + 0.1 * Gaussian(rng));
        }
        var all = new Dataset(x, y, [d], TaskKind.Regression, 0, "least-squares");
        Data = new TrainingData(all, all, null);
        LambdaMax = LargestEigenvalue(x, n, d);
    }

    public TrainingData Data { get; }

    /// <summary>λmax of the Hessian of the mean squared error over [w, b].</summary>
    public double LambdaMax { get; }

    /// <summary>The learning rate above which plain gradient descent diverges.</summary>
    public double DivergenceRate => 2 / LambdaMax;

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    // Power iteration on H = (2/n)·AᵀA, A = [X, 1].
    private static double LargestEigenvalue(float[] x, int n, int d)
    {
        int m = d + 1;
        var h = new double[m, m];
        for (int i = 0; i < n; i++)
            for (int a = 0; a < m; a++)
                for (int b = 0; b < m; b++)
                    h[a, b] += 2.0 / n * (a < d ? x[i * d + a] : 1) * (b < d ? x[i * d + b] : 1);
        var v = Enumerable.Repeat(1.0, m).ToArray();
        double lambda = 0;
        for (int iteration = 0; iteration < 500; iteration++)
        {
            var w = new double[m];
            for (int a = 0; a < m; a++) for (int b = 0; b < m; b++) w[a] += h[a, b] * v[b];
            lambda = Math.Sqrt(w.Sum(z => z * z));
            v = w.Select(z => z / lambda).ToArray();
        }
        return lambda;
    }
}
