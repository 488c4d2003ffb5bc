using TuneWise.Models.Health.Detectors;
using TuneWise.Core.Experiments;
using TuneWise.Core.Health;

namespace TuneWise.Models.Health;

/// <summary>How the health monitor watches a run.</summary>
public sealed record HealthOptions
{
    /// <summary>Steps between full probes (per-layer statistics, activations, percentiles). Default 100.</summary>
    public int Cadence { get; init; } = 100;
    /// <summary>Detector thresholds.</summary>
    public HealthThresholds Thresholds { get; init; } = HealthThresholds.Default;
    /// <summary>Ask the trainer to stop at the first fatal verdict. Default true.</summary>
    public bool StopOnFatal { get; init; } = true;
    /// <summary>
    /// The rate at which a range test saw the loss diverge, when one ran (a tuning study's): fixes
    /// never suggest a learning rate above half of it. Null when unknown.
    /// </summary>
    public double? LearningRateCeiling { get; init; }
    /// <summary>Keep percentile summaries of weights and gradients at every probe. Default true.</summary>
    public bool Percentiles { get; init; } = true;
    /// <summary>
    /// Also check every parameter's gradient for NaN/Inf at every step, not only at probes. Default
    /// false: a non-finite gradient reaches the weights and so the next step's loss, which is
    /// checked every step for free; the full check costs a few native calls per parameter per step
    /// (about 3 % on a small MLP) and catches it one step earlier.
    /// </summary>
    public bool CheckGradientsEveryStep { get; init; }

    /// <summary>The detectors to run; default all.</summary>
    public IReadOnlyList<IHealthDetector>? Detectors { get; init; }

    /// <summary>Options from an experiment's <c>health</c> section.</summary>
    public static HealthOptions From(HealthSection section) => new()
    {
        Cadence = section.Cadence,
        Thresholds = new HealthThresholds(section.Thresholds),
        CheckGradientsEveryStep = section.CheckGradientsEveryStep,
    };
}
