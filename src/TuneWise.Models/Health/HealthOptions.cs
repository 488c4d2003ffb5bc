using TuneWise.Models.Health.Detectors;
using TuneWise.Search.Experiments;
using TuneWise.Search.Health;

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
    /// <summary>Keep percentile summaries of weights and gradients at every probe. Default true.</summary>
    public bool Percentiles { get; init; } = true;
    /// <summary>The detectors to run; default all.</summary>
    public IReadOnlyList<IHealthDetector>? Detectors { get; init; }

    /// <summary>Options from an experiment's <c>health</c> section.</summary>
    public static HealthOptions From(HealthSection section) => new()
    {
        Cadence = section.Cadence,
        Thresholds = new HealthThresholds(section.Thresholds),
    };
}
