using TorchSharp;
using TuneWise.Models.Data;
using TuneWise.Core.Experiments;
using TuneWise.Core.Health;
using static TorchSharp.torch;

namespace TuneWise.Models.Health.Preflight;

/// <summary>What the preflight checks look at: the experiment, the prepared data and a freshly built model.</summary>
/// <param name="Experiment">The experiment.</param>
/// <param name="Data">The split, normalised data.</param>
/// <param name="BuildModel">Builds the model exactly as training will (same seed, same initial weights).</param>
/// <param name="Thresholds">Thresholds in force.</param>
public sealed record PreflightContext(Experiment Experiment, TrainingData Data, Func<nn.Module<Tensor, Tensor>> BuildModel, HealthThresholds Thresholds)
{
    /// <summary>Builds a preflight verdict (step −1: before training).</summary>
    internal HealthVerdict Verdict(string code, Severity severity, string message, IEnumerable<string> fixes,
        IReadOnlyDictionary<string, double>? evidence = null, IEnumerable<string>? layers = null) => new()
    {
        Code = code,
        Severity = severity,
        Step = -1,
        LastStep = -1,
        Message = message,
        Fixes = fixes.Where(f => !string.IsNullOrEmpty(f)).ToList(),
        Evidence = evidence ?? new Dictionary<string, double>(),
        Layers = layers?.ToList() ?? [],
    };
}

/// <summary>A check run before the first training step.</summary>
public interface IPreflightCheck
{
    /// <summary>The code its findings carry.</summary>
    string Code { get; }

    /// <summary>Returns its findings (none when all is well).</summary>
    IEnumerable<HealthVerdict> Check(PreflightContext context);
}
