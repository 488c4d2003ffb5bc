using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace TuneWise.Search.Samplers;

/// <summary>
/// Gaussian-process regression with a Matérn-5/2 ARD kernel; hyperparameters (one length scale per
/// dimension, signal and noise variance) maximise the log marginal likelihood (Nelder–Mead in log
/// space, length scales kept in [0.01, 10]). Linear algebra through MathNet.Numerics.
/// </summary>
internal sealed class GaussianProcess
{
    private readonly double[][] _x;
    private readonly double[] _lengthScales;
    private readonly double _signal;
    private readonly Vector<double> _alpha;
    private readonly Matrix<double> _inverse;

    private GaussianProcess(double[][] x, double[] lengthScales, double signal, double noise, Vector<double> y)
    {
        _x = x;
        _lengthScales = lengthScales;
        _signal = signal;
        var k = KernelMatrix(x, lengthScales, signal, noise);
        var cholesky = k.Cholesky();
        _alpha = cholesky.Solve(y);
        _inverse = cholesky.Solve(Matrix<double>.Build.DenseIdentity(x.Length));
    }

    /// <summary>Fits hyperparameters on <paramref name="fitX"/>/<paramref name="fitY"/> and conditions on <paramref name="x"/>/<paramref name="y"/>.</summary>
    public static GaussianProcess Fit(double[][] x, double[] y, double[][] fitX, double[] fitY)
    {
        int d = x[0].Length;
        var target = Vector<double>.Build.DenseOfArray(fitY);
        // The best point evaluated so far: kept when the search stops at its iteration cap, which
        // MathNet reports by throwing rather than by returning its current best.
        Vector<double>? bestSeen = null;
        double bestValue = double.PositiveInfinity;
        var objective = ObjectiveFunction.Value(theta =>
        {
            double value = NegativeLogLikelihood(theta);
            if (value < bestValue) { bestValue = value; bestSeen = theta.Clone(); }
            return value;
        });
        double NegativeLogLikelihood(Vector<double> theta)
        {
            var (ls, signal, noise) = Unpack(theta, d);
            double penalty = ls.Sum(l => l < 0.01 ? Math.Pow(Math.Log(0.01 / l), 2) : l > 10 ? Math.Pow(Math.Log(l / 10), 2) : 0) * 100;
            try
            {
                var cholesky = KernelMatrix(fitX, ls, signal, noise).Cholesky();
                var alpha = cholesky.Solve(target);
                double logDet = 0;
                for (int i = 0; i < fitX.Length; i++) logDet += Math.Log(cholesky.Factor[i, i]);
                return 0.5 * target.DotProduct(alpha) + logDet + penalty;
            }
            catch (ArgumentException)
            {
                return 1e10;
            }
        }
        var start = Vector<double>.Build.Dense(d + 2, i => i < d ? Math.Log(0.5) : i == d ? 0 : Math.Log(1e-2));
        Vector<double> best;
        try
        {
            best = NelderMeadSimplex.Minimum(objective, start, Vector<double>.Build.Dense(d + 2, 1.0), 1e-4, 30 * (d + 2)).MinimizingPoint;
        }
        catch (MaximumIterationsException)
        {
            best = bestSeen ?? start;
        }
        var (lengthScales, s, n) = Unpack(best, d);
        for (double jitter = 0; ; jitter = jitter == 0 ? 1e-6 : jitter * 10)
        {
            try
            {
                return new GaussianProcess(x, lengthScales, s, n + jitter, Vector<double>.Build.DenseOfArray(y));
            }
            catch (ArgumentException) when (jitter < 1)
            {
            }
        }
    }

    /// <summary>Posterior mean and standard deviation at each point.</summary>
    public (double Mean, double Std)[] Predict(IReadOnlyList<double[]> points)
    {
        var result = new (double, double)[points.Count];
        var k = Vector<double>.Build.Dense(_x.Length);
        for (int i = 0; i < points.Count; i++)
        {
            for (int j = 0; j < _x.Length; j++) k[j] = Kernel(points[i], _x[j], _lengthScales, _signal);
            double mean = k.DotProduct(_alpha);
            double variance = _signal - k.DotProduct(_inverse * k);
            result[i] = (mean, Math.Sqrt(Math.Max(variance, 1e-12)));
        }
        return result;
    }

    private static (double[] LengthScales, double Signal, double Noise) Unpack(Vector<double> theta, int d) =>
        (Enumerable.Range(0, d).Select(i => Math.Exp(theta[i])).ToArray(), Math.Exp(theta[d]), Math.Exp(theta[d + 1]) + 1e-6);

    private static Matrix<double> KernelMatrix(double[][] x, double[] ls, double signal, double noise)
    {
        int n = x.Length;
        var k = Matrix<double>.Build.Dense(n, n);
        for (int i = 0; i < n; i++)
        {
            k[i, i] = signal + noise;
            for (int j = 0; j < i; j++) k[i, j] = k[j, i] = Kernel(x[i], x[j], ls, signal);
        }
        return k;
    }

    // Matérn 5/2: σ² (1 + √5 r + 5/3 r²) exp(−√5 r), r² = Σ ((a − b) / ℓ)².
    private static double Kernel(double[] a, double[] b, double[] ls, double signal)
    {
        double r2 = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double t = (a[i] - b[i]) / ls[i];
            r2 += t * t;
        }
        double r = Math.Sqrt(r2), s5 = Math.Sqrt(5) * r;
        return signal * (1 + s5 + 5.0 / 3.0 * r2) * Math.Exp(-s5);
    }
}
