using TorchSharp;
using TorchSharp.Modules;
using TuneWise.Core.Health;
using static TorchSharp.torch;

namespace TuneWise.Models.Health.Probes;

/// <summary>
/// Dead-unit and saturation measurements through forward hooks: at a probe, the hooks are attached
/// to every ReLU, sigmoid and tanh module, the current batch is run forward once in eval mode
/// without gradients (so batch-norm statistics and dropout are untouched), and the hooks are removed.
/// </summary>
internal sealed class ActivationProbe
{
    private readonly List<(string Name, string Kind, nn.Module<Tensor, Tensor> Module)> _activations = [];
    private readonly double _saturationLimit;

    public ActivationProbe(nn.Module model, double saturationLimit)
    {
        _saturationLimit = saturationLimit;
        foreach (var (name, module) in model.named_modules())
        {
            string? kind = module switch { ReLU => "relu", Sigmoid => "sigmoid", Tanh => "tanh", _ => null };
            if (kind is not null && module is nn.Module<Tensor, Tensor> typed) _activations.Add((name, kind, typed));
        }
    }

    public bool HasActivations => _activations.Count > 0;

    public IReadOnlyList<ActivationHealth> Measure(nn.Module<Tensor, Tensor> model, Tensor inputs)
    {
        if (_activations.Count == 0) return [];
        using var scope = NewDisposeScope();
        // Kept out of every dispose scope: a module may run its children in a scope of its own (the
        // residual block does), which would free them before they are read, all at once, below.
        var stats = new Tensor?[_activations.Count];
        var removers = new List<Action>();
        for (int i = 0; i < _activations.Count; i++)
        {
            int index = i;
            var (_, kind, module) = _activations[i];
            var hook = module.register_forward_hook((_, input, output) =>
            {
                Tensor measured;
                if (kind == "relu")
                {
                    var positive = output.gt(0);
                    // A unit (feature or channel) is dead when it is ≤ 0 for every sample (and position).
                    var active = positive.any(0);
                    if (active.dim() > 1) active = active.flatten(1).any(1);
                    measured = stack([1 - positive.to_type(ScalarType.Float32).mean(), 1 - active.to_type(ScalarType.Float32).mean()]);
                }
                else
                {
                    var saturated = input.abs().ge(_saturationLimit).to_type(ScalarType.Float32).mean();
                    measured = stack([saturated, saturated]);
                }
                stats[index] = measured.DetachFromDisposeScope();
                return output;
            });
            removers.Add(hook.remove);
        }
        bool training = model.training;
        try
        {
            using var noGrad = no_grad();
            model.eval();
            model.call(inputs);
        }
        finally
        {
            model.train(training);
            foreach (var remove in removers) remove();
        }
        var values = new float[_activations.Count * 2];
        using (var read = NewDisposeScope())
        {
            var device = stats.FirstOrDefault(t => t is not null)?.device ?? CPU;
            var measured = stats.Select(t => t ?? full(2, float.NaN, device: device)).ToArray();
            stack(measured).flatten().cpu().data<float>().CopyTo(values, 0);
            foreach (var t in stats) t?.Dispose();
        }
        return _activations.Select((a, i) => a.Kind == "relu"
            ? new ActivationHealth { Layer = a.Name, Kind = a.Kind, DeadFraction = values[2 * i], DeadUnitFraction = values[2 * i + 1] }
            : new ActivationHealth { Layer = a.Name, Kind = a.Kind, SaturatedFraction = values[2 * i] }).ToList();
    }
}
