using TuneWise.Core.Health;

namespace TuneWise.Models.Health.Preflight;

/// <summary><c>input_unscaled</c> (warning): a feature's mean or standard deviation, as the model sees it, is beyond ±10.</summary>
public sealed class InputUnscaledCheck : IPreflightCheck
{
    /// <inheritdoc />
    public string Code => VerdictCodes.InputUnscaled;

    /// <inheritdoc />
    public IEnumerable<HealthVerdict> Check(PreflightContext context)
    {
        var data = context.Data.Train;
        int width = data.FeatureCount;
        var (sum, sumSq, n) = Moments(data.Features, width);
        double limit = context.Thresholds["input_unscaled.limit"];
        int worst = -1;
        double worstScale = 0, worstMean = 0, worstStd = 0;
        for (int j = 0; j < width; j++)
        {
            if (n[j] == 0) continue;
            double mean = sum[j] / n[j], std = Math.Sqrt(Math.Max(0, sumSq[j] / n[j] - mean * mean));
            double scale = Math.Max(Math.Abs(mean), std);
            if (scale > worstScale) { worstScale = scale; worst = j; worstMean = mean; worstStd = std; }
        }
        if (worst < 0 || worstScale <= limit) yield break;
        string name = data.FeatureNames is { } names ? $"'{names[worst]}'" : $"feature {worst}";
        yield return context.Verdict(Code, Severity.Warning,
            $"features are not scaled: {name} has mean {worstMean:G3} and standard deviation {worstStd:G3}; networks train best on inputs near unit scale.",
            ["standardize the inputs (data.normalize: \"standardize\")", "or rescale them to [0, 1] (data.normalize: \"minmax\")"],
            new Dictionary<string, double> { ["feature"] = worst, ["mean"] = worstMean, ["std"] = worstStd });
    }

    // One pass over every feature value, run once: optimised at once rather than as tier-0 code.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static (double[] Sum, double[] SumSq, long[] N) Moments(float[] features, int width)
    {
        var sum = new double[width];
        var sumSq = new double[width];
        var n = new long[width];
        for (int i = 0; i < features.Length; i++)
        {
            float v = features[i];
            if (!float.IsFinite(v)) continue;
            int j = i % width;
            sum[j] += v;
            sumSq[j] += (double)v * v;
            n[j]++;
        }
        return (sum, sumSq, n);
    }
}
