namespace TuneWise.Core.Health;

/// <summary>Percentile summary of a tensor's values (for distribution charts).</summary>
/// <param name="P0">Minimum.</param><param name="P5">5th percentile.</param><param name="P25">25th percentile.</param>
/// <param name="P50">Median.</param><param name="P75">75th percentile.</param><param name="P95">95th percentile.</param><param name="P100">Maximum.</param>
public sealed record Percentiles(double P0, double P5, double P25, double P50, double P75, double P95, double P100);

/// <summary>What a probe measured in one layer (a module with weights).</summary>
public sealed record LayerHealth
{
    /// <summary>The layer's name in the model, e.g. <c>fc1</c>.</summary>
    public required string Layer { get; init; }
    /// <summary>L2 norm of the weight gradient before clipping.</summary>
    public double GradientNorm { get; init; }
    /// <summary>L2 norm of the weight gradient after clipping.</summary>
    public double ClippedGradientNorm { get; init; }
    /// <summary>Share of gradient entries that are exactly zero.</summary>
    public double ZeroGradientFraction { get; init; }
    /// <summary>Share of gradient entries changed by value clipping (null unless clipping by value).</summary>
    public double? ValueClippedFraction { get; init; }
    /// <summary>L2 norm of the weights.</summary>
    public double WeightNorm { get; init; }
    /// <summary>Standard deviation of the weights.</summary>
    public double WeightStd { get; init; }
    /// <summary>‖ΔW‖ / ‖W‖ of this step's update.</summary>
    public double UpdateRatio { get; init; }
    /// <summary>‖W − W₀‖ / ‖W₀‖: how far the weights moved since initialisation.</summary>
    public double DistanceFromInit { get; init; }
    /// <summary>Percentiles of the weights.</summary>
    public Percentiles? WeightPercentiles { get; init; }
    /// <summary>Percentiles of the gradient.</summary>
    public Percentiles? GradientPercentiles { get; init; }
}

/// <summary>What a probe measured at one activation layer on the probe batch.</summary>
public sealed record ActivationHealth
{
    /// <summary>The activation module's name, e.g. <c>act1</c>.</summary>
    public required string Layer { get; init; }
    /// <summary>The activation kind (relu, tanh, …).</summary>
    public required string Kind { get; init; }
    /// <summary>Share of outputs ≤ 0 (ReLU family).</summary>
    public double? DeadFraction { get; init; }
    /// <summary>Share of units that were ≤ 0 for every sample of the probe batch (ReLU family).</summary>
    public double? DeadUnitFraction { get; init; }
    /// <summary>Share of pre-activations with |x| ≥ the saturation limit (sigmoid/tanh).</summary>
    public double? SaturatedFraction { get; init; }
}

/// <summary>One full health probe, taken every <c>health.cadence</c> steps.</summary>
public sealed record HealthSample
{
    /// <summary>The step probed.</summary>
    public required int Step { get; init; }
    /// <summary>The epoch of that step.</summary>
    public int Epoch { get; init; }
    /// <summary>Learning rate of the step.</summary>
    public double LearningRate { get; init; }
    /// <summary>Data loss of the step.</summary>
    public double DataLoss { get; init; }
    /// <summary>l2 penalty of the step.</summary>
    public double RegularizationLoss { get; init; }
    /// <summary>Global gradient norm before clipping.</summary>
    public double GradientNorm { get; init; }
    /// <summary>‖grad first layer‖ / ‖grad last layer‖.</summary>
    public double FirstToLastGradientRatio { get; init; }
    /// <summary>Share of steps since the previous probe in which norm clipping acted.</summary>
    public double? ClippedStepFraction { get; init; }
    /// <summary>Per-layer measurements, input side first.</summary>
    public IReadOnlyList<LayerHealth> Layers { get; init; } = [];
    /// <summary>Per-activation measurements, input side first.</summary>
    public IReadOnlyList<ActivationHealth> Activations { get; init; } = [];
}

/// <summary>The cheap per-step record: losses and whether anything was non-finite.</summary>
/// <param name="Step">The step.</param>
/// <param name="DataLoss">Data loss.</param>
/// <param name="RegularizationLoss">l2 penalty.</param>
/// <param name="LearningRate">Learning rate.</param>
/// <param name="GradientNorm">Global gradient norm before clipping, where the step measured it (norm clipping does), else null.</param>
public sealed record StepHealth(int Step, double DataLoss, double RegularizationLoss, double LearningRate, double? GradientNorm = null);
