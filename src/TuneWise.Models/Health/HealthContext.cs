using TuneWise.Models.Training;
using TuneWise.Core.Experiments;
using TuneWise.Core.Health;

namespace TuneWise.Models.Health;

/// <summary>Everything a detector may look at: the plan, the thresholds and the health history so far.</summary>
public sealed class HealthContext
{
    internal HealthContext(Experiment experiment, HealthThresholds thresholds, int stepsPerEpoch, int classCount)
    {
        Experiment = experiment;
        Thresholds = thresholds;
        StepsPerEpoch = stepsPerEpoch;
        ClassCount = classCount;
    }

    /// <summary>The experiment being trained.</summary>
    public Experiment Experiment { get; }
    /// <summary>Thresholds in force.</summary>
    public HealthThresholds Thresholds { get; }
    /// <summary>Steps per epoch.</summary>
    public int StepsPerEpoch { get; }
    /// <summary>Classes (0 for regression).</summary>
    public int ClassCount { get; }
    /// <summary>The rate at which the study's range test saw the loss diverge, if known: no fix suggests a rate near it.</summary>
    public double? LearningRateCeiling { get; init; }
    /// <summary>Planned epochs.</summary>
    public int PlannedEpochs => Experiment.Training.Epochs;
    /// <summary>Planned steps.</summary>
    public int PlannedSteps => StepsPerEpoch * PlannedEpochs;
    /// <summary>The step being judged.</summary>
    public int Step { get; internal set; }
    /// <summary>Full probes so far, oldest first.</summary>
    public List<HealthSample> Samples { get; } = [];
    /// <summary>Per-step losses so far.</summary>
    public List<StepHealth> Steps { get; } = [];
    /// <summary>Completed epochs so far.</summary>
    public List<EpochMetrics> Epochs { get; } = [];
    /// <summary>The most recent probe, if any.</summary>
    public HealthSample? Latest => Samples.Count > 0 ? Samples[^1] : null;
    /// <summary>Set when a loss, gradient or weight was seen non-finite: where and what.</summary>
    public NonFiniteEvent? NonFinite { get; internal set; }

    /// <summary>
    /// Steps before the loss-curve rules judge: the β = 0.98 average spans about 50 steps, so
    /// earlier it mostly reflects the first batches.
    /// </summary>
    public const int MinimumCurveSteps = 50;

    /// <summary>Debiased EMA (β 0.98) of the total loss per step, as the range test uses.</summary>
    public List<double> SmoothedLoss { get; } = [];

    internal void AddStep(StepHealth step)
    {
        Steps.Add(step);
        const double beta = 0.98;
        double raw = step.DataLoss + step.RegularizationLoss;
        if (!double.IsFinite(raw)) return;
        _average = beta * _average + (1 - beta) * raw;
        _count++;
        SmoothedLoss.Add(_average / (1 - Math.Pow(beta, _count)));
    }

    private double _average;
    private int _count;

    /// <summary>
    /// Samples per window of the step-level loss rules. One sample's loss varies far more than a
    /// batch's: at batch size 1 a third of all steps "jump" to twice the previous loss on a healthy
    /// run. The rules therefore compare means over windows of steps holding at least this many
    /// samples, so a small batch is judged with the noise of a batch of 64.
    /// </summary>
    public const int WindowSamples = 64;

    /// <summary>Steps per window: 1 at batch 64 and above, 64 at batch size 1.</summary>
    public int WindowSteps => (int)Math.Ceiling((double)WindowSamples / Math.Max(1, Math.Min(Experiment.Training.BatchSize, TrainCount)));

    /// <summary>Training samples (for the window size when the batch exceeds the data).</summary>
    public int TrainCount { get; init; } = int.MaxValue;

    /// <summary>The mean total loss of each complete window of <see cref="WindowSteps"/> steps with finite losses, in order.</summary>
    public List<double> WindowLosses()
    {
        int w = WindowSteps;
        var means = new List<double>(Steps.Count / w + 1);
        for (int start = 0; start + w <= Steps.Count; start += w)
        {
            double sum = 0;
            for (int i = start; i < start + w; i++) sum += Steps[i].DataLoss + Steps[i].RegularizationLoss;
            if (double.IsFinite(sum)) means.Add(sum / w);
        }
        return means;
    }

    /// <summary>
    /// <see cref="WindowLosses"/> smoothed by a running median of <paramref name="width"/> windows: a
    /// minimum or a latest value of the raw window means is an extreme draw of a noisy series (a
    /// batch-1 run has hundreds of windows), the running median is not.
    /// </summary>
    public List<double> SmoothedWindowLosses(int width = 5)
    {
        var windows = WindowLosses();
        var result = new List<double>(Math.Max(0, windows.Count - width + 1));
        for (int end = width; end <= windows.Count; end++)
        {
            var slice = windows.GetRange(end - width, width);
            slice.Sort();
            result.Add(slice[width / 2]);
        }
        return result;
    }

    /// <summary>
    /// True when a small-batch run's loss is still falling: the running median of the latest windows
    /// is clearly below the one <paramref name="span"/> windows (by default 3,200 samples) earlier, or
    /// too few windows exist to tell. False for batches of 64 and more, whose rules judge single steps.
    /// </summary>
    public bool SmallBatchLossStillFalling(int span = 50)
    {
        if (WindowSteps == 1) return false;
        var smoothed = SmoothedWindowLosses();
        return smoothed.Count <= span || smoothed[^1] < 0.98 * smoothed[^(span + 1)];
    }

    /// <summary>True once <paramref name="share"/> of the planned steps have run.</summary>
    public bool PastShareOfSteps(double share) => Step + 1 >= share * PlannedSteps;
}

/// <summary>Where non-finite values were found.</summary>
/// <param name="Step">The step.</param>
/// <param name="InLoss">The loss was non-finite.</param>
/// <param name="GradientLayers">Layers whose gradients hold NaN/Inf.</param>
/// <param name="WeightLayers">Layers whose weights hold NaN/Inf.</param>
/// <param name="InputsFinite">Whether the step's input batch was finite (null when not looked at): finite inputs
/// mean the values grew inside the network, and the inputs are not the cause to look for.</param>
public sealed record NonFiniteEvent(int Step, bool InLoss, IReadOnlyList<string> GradientLayers, IReadOnlyList<string> WeightLayers,
    bool? InputsFinite = null);
