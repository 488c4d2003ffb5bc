using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneWise.Models.RangeTest;

/// <summary>
/// An exact copy of a model's parameters and buffers, its optimizer's state and learning rates,
/// and the global random state, so a probe run can be undone without a trace.
/// </summary>
internal sealed class TrainingSnapshot : IDisposable
{
    private readonly nn.Module _model;
    private readonly optim.Optimizer _optimizer;
    private readonly Dictionary<string, Tensor> _weights;
    private readonly byte[]? _optimizerState;
    private readonly double[] _learningRates;
    private readonly Tensor _rngState;
    private readonly bool _training;

    public TrainingSnapshot(nn.Module model, optim.Optimizer optimizer)
    {
        _model = model;
        _optimizer = optimizer;
        _training = model.training;
        using (no_grad())
            _weights = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().DetachFromDisposeScope());
        if (optimizer is OptimizerHelper helper)
        {
            using var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) helper.save_state_dict(writer);
            _optimizerState = stream.ToArray();
        }
        _learningRates = optimizer.ParamGroups.Select(g => g.LearningRate).ToArray();
        _rngState = get_rng_state().DetachFromDisposeScope();
    }

    /// <summary>Puts everything back as it was when the snapshot was taken.</summary>
    public void Restore()
    {
        using (no_grad())
        {
            var current = _model.state_dict();
            foreach (var (name, saved) in _weights) current[name].copy_(saved);
        }
        if (_optimizerState is not null && _optimizer is OptimizerHelper helper)
        {
            using var reader = new BinaryReader(new MemoryStream(_optimizerState));
            helper.load_state_dict(reader);
        }
        int i = 0;
        foreach (var group in _optimizer.ParamGroups) group.LearningRate = _learningRates[i++];
        foreach (var p in _model.parameters()) p.grad = null;
        set_rng_state(_rngState);
        _model.train(_training);
    }

    public void Dispose()
    {
        foreach (var t in _weights.Values) t.Dispose();
        _rngState.Dispose();
    }
}
