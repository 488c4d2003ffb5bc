using TuneWise.Models.Data;
using TuneWise.Models.Health.Preflight;
using TuneWise.Models.Training;
using TuneWise.Models.Zoo;
using TuneWise.Core.Experiments;
using TuneWise.Core.Health;

namespace TuneWise.Models.Health;

/// <summary>The outcome of a diagnosed run.</summary>
public sealed record DiagnosisResult
{
    /// <summary>Findings of the checks run before training.</summary>
    public required IReadOnlyList<HealthVerdict> Preflight { get; init; }
    /// <summary>Verdicts found while training, merged per code.</summary>
    public required IReadOnlyList<HealthVerdict> Verdicts { get; init; }
    /// <summary>The training outcome; null when a fatal preflight finding stopped the run first.</summary>
    public TrainingResult? Training { get; init; }
    /// <summary>Every full health probe.</summary>
    public IReadOnlyList<HealthSample> Samples { get; init; } = [];
    /// <summary>Every step's losses and learning rate.</summary>
    public IReadOnlyList<StepHealth> Steps { get; init; } = [];
    /// <summary>The layers probed, input side first.</summary>
    public IReadOnlyList<string> Layers { get; init; } = [];

    /// <summary>Preflight findings and training verdicts together.</summary>
    public IEnumerable<HealthVerdict> All => Preflight.Concat(Verdicts);

    /// <summary>True when nothing of warning or fatal severity was found.</summary>
    public bool Healthy => All.All(v => v.Severity == Severity.Info);
}

/// <summary>Preflight checks, then training with the health monitor attached.</summary>
public static class Diagnosis
{
    /// <summary>Diagnoses one configuration. A fatal preflight finding returns before training.</summary>
    public static DiagnosisResult Run(Experiment experiment, TrainingData data, IReadOnlyList<ITrainingObserver>? observers = null,
        ModelFactory? modelFactory = null, HealthOptions? options = null, CancellationToken cancellation = default)
    {
        options ??= HealthOptions.From(experiment.Health);
        var trainer = new Trainer(experiment, modelFactory);
        var preflight = PreflightChecks.Run(new PreflightContext(experiment, data, () => trainer.BuildModel(data), options.Thresholds));
        if (preflight.Any(f => f.Severity == Severity.Fatal))
            return new DiagnosisResult { Preflight = preflight, Verdicts = [] };
        using var monitor = new HealthMonitor(options);
        var result = trainer.Train(data, [monitor, .. observers ?? []], cancellation);
        return new DiagnosisResult
        {
            Preflight = preflight,
            Verdicts = monitor.Verdicts,
            Training = result,
            Samples = monitor.Samples,
            Steps = monitor.Steps,
            Layers = monitor.LayerNames,
        };
    }
}
