using TorchSharp;
using TorchSharp.Modules;
using TuneWise.Core.Experiments;
using TuneWise.Core.Health;
using static TorchSharp.torch;

namespace TuneWise.Models.Health.Probes;

/// <summary>
/// Per-layer gradient and weight measurements for the layers that own a weight matrix or kernel,
/// input side first. Each capture computes all its numbers on the tensor side and reads them back
/// in one transfer, so a probe costs a handful of native calls per layer.
/// </summary>
internal sealed class LayerProbe : IDisposable
{
    private static readonly double[] Quantiles = [0, 0.05, 0.25, 0.5, 0.75, 0.95, 1];
    private const int SampleSize = 1024;

    private sealed record Layer(string Name, Parameter Weight, Tensor Initial, double InitialNorm, Tensor Sample);

    private readonly List<Layer> _layers = [];
    private readonly IReadOnlyList<Parameter> _all;
    private readonly Tensor _quantiles;
    private readonly bool _percentiles;
    private Tensor[]? _before;
    private float[] _gradientStats = [];
    private int _statsPerLayer = 2;
    private Tensor? _gradientSample;
    private float[] _clippedNorms = [];

    public LayerProbe(IReadOnlyList<(string Name, Parameter Parameter)> parameters, bool percentiles, int seed)
    {
        _all = parameters.Select(p => p.Parameter).ToList();
        _percentiles = percentiles;
        using var generator = new Generator((ulong)seed);
        using (no_grad())
        {
            foreach (var (name, p) in parameters)
            {
                if (p.dim() < 2 || !name.EndsWith(".weight", StringComparison.Ordinal)) continue;
                var initial = p.detach().clone().DetachFromDisposeScope();
                // A fixed random sample of entries: percentiles of a million weights cost a sort of a million.
                var sample = randint(0, p.numel(), [SampleSize], dtype: ScalarType.Int64, generator: generator).to(p.device).DetachFromDisposeScope();
                _layers.Add(new Layer(name[..^".weight".Length], p, initial, initial.norm().item<float>(), sample));
            }
        }
        _quantiles = tensor(Quantiles.Select(q => (float)q).ToArray()).DetachFromDisposeScope();
    }

    public IReadOnlyList<string> LayerNames => _layers.Select(l => l.Name).ToList();

    // Where the model's parameters live (training.device): statistics are computed there and read on the CPU.
    private Device Device => _all.FirstOrDefault()?.device ?? CPU;

    /// <summary>Global gradient norm over all parameters (before clipping), from the last <see cref="CaptureGradients"/>.</summary>
    public double GlobalGradientNorm { get; private set; }

    /// <summary>At the probe step, before clipping.</summary>
    public void CaptureGradients(ClipSection clip)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // Per layer: norm, count of exact zeros, count of elements beyond a value-clipping threshold;
        // counts are divided by the size on the managed side, which saves two native calls a layer.
        var stats = new List<Tensor>();
        foreach (var l in _layers)
        {
            var g = Gradient(l.Weight);
            stats.Add(g.norm());
            stats.Add(g.eq(0).sum().to_type(ScalarType.Float32));
            if (clip.Mode == ClipMode.Value) stats.Add(g.abs().gt(clip.Threshold).sum().to_type(ScalarType.Float32));
        }
        var globalNorms = _all.Where(p => p.grad is not null).Select(p => p.grad!.norm()).ToArray();
        stats.Add(globalNorms.Length == 0 ? zeros(1, device: Device).squeeze() : stack(globalNorms).norm());
        _gradientStats = stack(stats).cpu().data<float>().ToArray();
        _statsPerLayer = clip.Mode == ClipMode.Value ? 3 : 2;
        GlobalGradientNorm = _gradientStats[^1];
        _gradientSample?.Dispose();
        _gradientSample = _percentiles && _layers.Count > 0 ? Sampled(_layers.Select(l => Gradient(l.Weight))).DetachFromDisposeScope() : null;
    }

    /// <summary>After clipping, before the optimizer step: clipped norms (when clipping is on) and a copy of the weights.</summary>
    public void CaptureBeforeUpdate(ClipSection clip)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        _clippedNorms = clip.Mode == ClipMode.None || _layers.Count == 0 ? []
            : stack(_layers.Select(l => Gradient(l.Weight).norm()).ToArray()).cpu().data<float>().ToArray();
        DisposeBefore();
        _before = _layers.Select(l => l.Weight.detach().clone().DetachFromDisposeScope()).ToArray();
    }

    /// <summary>After the optimizer step: weight statistics and the per-layer records.</summary>
    public IReadOnlyList<LayerHealth> CaptureAfterUpdate(ClipSection clip)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var stats = new List<Tensor>();
        for (int i = 0; i < _layers.Count; i++)
        {
            var w = _layers[i].Weight;
            stats.Add(w.norm());
            stats.Add(w.std());
            stats.Add(_before is null ? zeros(1, device: Device).squeeze() : w.dist(_before[i]));
            stats.Add(w.dist(_layers[i].Initial));
        }
        var values = stats.Count == 0 ? [] : stack(stats).cpu().data<float>().ToArray();
        // Weights and gradients share one quantile call: [2·layers, sample] → percentiles per row.
        float[] percentiles = [];
        if (_percentiles && _layers.Count > 0)
        {
            var rows = Sampled(_layers.Select(l => (Tensor)l.Weight));
            if (_gradientSample is not null) rows = cat([rows, _gradientSample]);
            percentiles = rows.quantile(_quantiles.to(rows.device), dim: 1).t().cpu().contiguous().data<float>().ToArray();
        }
        DisposeBefore();
        var result = new List<LayerHealth>(_layers.Count);
        for (int i = 0; i < _layers.Count; i++)
        {
            double norm = values[4 * i];
            long size = _layers[i].Weight.numel();
            int g = _statsPerLayer * i;
            bool haveGradients = _gradientStats.Length > g + 1;
            double gradientNorm = haveGradients ? _gradientStats[g] : double.NaN;
            result.Add(new LayerHealth
            {
                Layer = _layers[i].Name,
                GradientNorm = gradientNorm,
                ZeroGradientFraction = haveGradients ? _gradientStats[g + 1] / size : double.NaN,
                ValueClippedFraction = clip.Mode == ClipMode.Value && haveGradients ? _gradientStats[g + 2] / size : null,
                ClippedGradientNorm = _clippedNorms.Length > i ? _clippedNorms[i] : gradientNorm,
                WeightNorm = norm,
                WeightStd = values[4 * i + 1],
                UpdateRatio = values[4 * i + 2] / Math.Max(norm, 1e-12),
                DistanceFromInit = values[4 * i + 3] / Math.Max(_layers[i].InitialNorm, 1e-12),
                WeightPercentiles = Row(percentiles, i),
                GradientPercentiles = _gradientSample is null ? null : Row(percentiles, _layers.Count + i),
            });
        }
        return result;
    }

    /// <summary>True when every gradient is finite: one reduction per parameter, read back once.</summary>
    public bool GradientsFinite()
    {
        using var scope = NewDisposeScope();
        var sums = _all.Where(p => p.grad is not null).Select(p => p.grad!.sum()).ToArray();
        // A NaN or infinity anywhere makes its tensor's sum, and so the total, non-finite.
        return sums.Length == 0 || float.IsFinite(stack(sums).sum().item<float>());
    }

    /// <summary>Layers whose gradients, and layers whose weights, hold NaN or Inf.</summary>
    public (IReadOnlyList<string> Gradients, IReadOnlyList<string> Weights) FindNonFinite()
    {
        using var scope = NewDisposeScope();
        var grads = _layers.Where(l => l.Weight.grad is { } g && !g.isfinite().all().item<bool>()).Select(l => l.Name).ToList();
        var weights = _layers.Where(l => !l.Weight.isfinite().all().item<bool>()).Select(l => l.Name).ToList();
        return (grads, weights);
    }

    private static Tensor Gradient(Parameter p) => p.grad ?? zeros_like(p);

    // Each layer's fixed sample of entries, one row per layer.
    private Tensor Sampled(IEnumerable<Tensor> tensors) =>
        stack(tensors.Zip(_layers, (t, l) => t.flatten().index_select(0, l.Sample)).ToArray());

    private static Percentiles? Row(float[] values, int layer)
    {
        int n = Quantiles.Length;
        if (values.Length < (layer + 1) * n) return null;
        var v = values.AsSpan(layer * n, n);
        return new Percentiles(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
    }

    private void DisposeBefore()
    {
        if (_before is null) return;
        foreach (var t in _before) t.Dispose();
        _before = null;
    }

    public void Dispose()
    {
        DisposeBefore();
        _gradientSample?.Dispose();
        foreach (var l in _layers) { l.Initial.Dispose(); l.Sample.Dispose(); }
        _quantiles.Dispose();
    }
}
