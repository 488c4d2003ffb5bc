using TuneWise.Core.Experiments;

namespace TuneWise.Models.Data;

/// <summary>
/// Per-feature scaling fitted on the training split and applied unchanged to validation and test
/// data, so no statistic leaks from them. Non-finite values are ignored when fitting and left as
/// they are, so the preflight checks can still find them.
/// </summary>
public sealed class Normalizer
{
    private readonly float[] _shift;
    private readonly float[] _scale;

    private Normalizer(NormalizeKind kind, float[] shift, float[] scale)
    {
        Kind = kind;
        _shift = shift;
        _scale = scale;
    }

    /// <summary>The kind of scaling.</summary>
    public NormalizeKind Kind { get; }

    /// <summary>What is subtracted from each feature: one value per feature, or a single value shared by all pixels of an image.</summary>
    public IReadOnlyList<float> Shift => _shift;

    /// <summary>What each shifted feature is multiplied by, in the same layout as <see cref="Shift"/>.</summary>
    public IReadOnlyList<float> Scale => _scale;

    /// <summary>
    /// Fits the scaling. Images (samples with more than one dimension) share one statistic over all
    /// pixels, as is usual for vision; tables get one per column.
    /// </summary>
    // Fit and Apply run once per split over millions of values: optimised at once rather than as tier-0 code.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static Normalizer Fit(Dataset train, NormalizeKind kind)
    {
        int width = train.FeatureCount;
        bool pooled = train.SampleShape.Length > 1;
        int groups = pooled ? 1 : width;
        var shift = new float[groups];
        var scale = Enumerable.Repeat(1f, groups).ToArray();
        if (kind == NormalizeKind.None) return new Normalizer(kind, shift, scale);

        var min = Enumerable.Repeat(double.PositiveInfinity, groups).ToArray();
        var max = Enumerable.Repeat(double.NegativeInfinity, groups).ToArray();
        var sum = new double[groups];
        var sumSq = new double[groups];
        var n = new long[groups];
        var f = train.Features;
        for (int i = 0; i < f.Length; i++)
        {
            float v = f[i];
            if (!float.IsFinite(v)) continue;
            int g = pooled ? 0 : i % width;
            if (v < min[g]) min[g] = v;
            if (v > max[g]) max[g] = v;
            sum[g] += v;
            sumSq[g] += (double)v * v;
            n[g]++;
        }
        for (int g = 0; g < groups; g++)
        {
            if (n[g] == 0) continue;
            if (kind == NormalizeKind.MinMax)
            {
                double range = max[g] - min[g];
                shift[g] = (float)min[g];
                scale[g] = range > 0 ? (float)(1 / range) : 1f; // a constant feature maps to 0
            }
            else
            {
                double mean = sum[g] / n[g];
                double std = Math.Sqrt(Math.Max(0, sumSq[g] / n[g] - mean * mean));
                shift[g] = (float)mean;
                scale[g] = std > 1e-12 ? (float)(1 / std) : 1f;
            }
        }
        return new Normalizer(kind, shift, scale);
    }

    /// <summary>A scaled copy of <paramref name="data"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public Dataset Apply(Dataset data)
    {
        if (Kind == NormalizeKind.None) return data;
        int width = data.FeatureCount;
        bool pooled = _shift.Length == 1;
        var src = data.Features;
        var dst = new float[src.Length];
        for (int i = 0; i < src.Length; i++)
        {
            int g = pooled ? 0 : i % width;
            dst[i] = (src[i] - _shift[g]) * _scale[g];
        }
        return data.WithFeatures(dst);
    }
}
