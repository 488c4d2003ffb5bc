using TorchSharp;
using TuneWise.Models.Health.Detectors;
using TuneWise.Models.Health.Probes;
using TuneWise.Models.Training;
using TuneWise.Core.Health;

namespace TuneWise.Models.Health;

/// <summary>
/// Watches a training run from the inside and judges its health. Every step it records the loss
/// terms and checks the loss for NaN/Inf (free: the trainer reads the loss anyway); when the loss
/// turns non-finite it locates the layers whose gradients or weights hold NaN/Inf. Every
/// <see cref="HealthOptions.Cadence"/> steps it takes a full probe — per-layer gradient norms
/// before and after clipping, zero-gradient and value-clipped shares, weight norm and spread,
/// update-to-weight ratio, distance from initialisation, percentiles, dead and saturated units —
/// and runs the detectors; curve detectors run again after every epoch. A fatal verdict stops the
/// run when <see cref="HealthOptions.StopOnFatal"/> is set.
/// </summary>
public sealed class HealthMonitor : ITrainingObserver, IDisposable
{
    private readonly HealthOptions _options;
    private readonly IReadOnlyList<IHealthDetector> _detectors;
    private readonly VerdictLog _log = new();
    private HealthContext? _context;
    private LayerProbe? _layers;
    private ActivationProbe? _activations;
    private TrainingRun? _run;
    private int _clippedSinceProbe, _stepsSinceProbe;
    private long _ticks;

    /// <summary>Wall-clock time spent inside the monitor's callbacks: its own cost, measured in the run.</summary>
    public TimeSpan TimeSpent => System.Diagnostics.Stopwatch.GetElapsedTime(0, _ticks);

    /// <summary>Creates a monitor.</summary>
    public HealthMonitor(HealthOptions? options = null)
    {
        _options = options ?? new HealthOptions();
        if (_options.Cadence < 1) throw new ArgumentException($"health.cadence must be > 0, got {_options.Cadence}");
        _detectors = _options.Detectors ?? HealthDetectors.All();
    }

    /// <summary>The verdicts so far, merged per code.</summary>
    public IReadOnlyList<HealthVerdict> Verdicts => _log.Verdicts;
    /// <summary>The verdict log (for persistence streaks).</summary>
    public VerdictLog Log => _log;
    /// <summary>Every full probe, oldest first.</summary>
    public IReadOnlyList<HealthSample> Samples => _context?.Samples ?? [];
    /// <summary>Every step's losses and learning rate.</summary>
    public IReadOnlyList<StepHealth> Steps => _context?.Steps ?? [];
    /// <summary>The layers probed, input side first.</summary>
    public IReadOnlyList<string> LayerNames => _layers?.LayerNames ?? [];

    /// <inheritdoc />
    public void OnTrainingStarted(TrainingRun run)
    {
        _run = run;
        _context = new HealthContext(run.Experiment, _options.Thresholds, run.StepsPerEpoch, run.ClassCount) { TrainCount = run.TrainCount, LearningRateCeiling = _options.LearningRateCeiling };
        _layers?.Dispose();
        _layers = new LayerProbe(run.Parameters, _options.Percentiles, run.Experiment.Seed);
        _activations = new ActivationProbe(run.Model, _options.Thresholds["saturated_activation.limit"]);
    }

    private bool IsProbeStep(int step) => step % _options.Cadence == 0;

    /// <inheritdoc />
    public void OnGradients(StepContext step)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        try { Gradients(step); }
        finally { _ticks += System.Diagnostics.Stopwatch.GetTimestamp() - start; }
    }

    private void Gradients(StepContext step)
    {
        var context = _context!;
        context.Step = step.Step;
        context.AddStep(new StepHealth(step.Step, step.DataLoss, step.RegularizationLoss, step.LearningRate));
        bool lossFinite = float.IsFinite(step.DataLoss) && float.IsFinite(step.RegularizationLoss);
        if (!lossFinite || (_options.CheckGradientsEveryStep && context.NonFinite is null && !_layers!.GradientsFinite()))
        {
            var (gradients, weights) = _layers!.FindNonFinite();
            // Looked at once, on the step that went non-finite: whether the batch itself carried the NaN/Inf.
            context.NonFinite ??= new NonFiniteEvent(step.Step, !lossFinite, gradients, weights, InputsFinite(step.Inputs));
            Evaluate(step);
            return;
        }
        if (IsProbeStep(step.Step)) _layers!.CaptureGradients(step.Run.Experiment.Training.Clip);
    }

    // Null when the step had no inputs to look at; integer inputs (token ids) cannot hold NaN/Inf.
    private static bool? InputsFinite(torch.Tensor? inputs)
    {
        if (inputs is null || inputs.IsInvalid) return null;
        if (!inputs.is_floating_point()) return true;
        using var finite = torch.isfinite(inputs).all();
        return finite.item<bool>();
    }

    /// <inheritdoc />
    public void OnClipped(StepContext step)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        try { Clipped(step); }
        finally { _ticks += System.Diagnostics.Stopwatch.GetTimestamp() - start; }
    }

    private void Clipped(StepContext step)
    {
        // Norm clipping measured the step's gradient norm: keep it with the step's losses.
        if (step.PreClipGradientNorm is { } norm && _context!.Steps.Count > 0 && _context.Steps[^1].Step == step.Step)
            _context.Steps[^1] = _context.Steps[^1] with { GradientNorm = norm };
        _stepsSinceProbe++;
        if (step.Clipped) _clippedSinceProbe++;
        if (IsProbeStep(step.Step) && _context!.NonFinite is null) _layers!.CaptureBeforeUpdate(step.Run.Experiment.Training.Clip);
    }

    /// <inheritdoc />
    public void OnStepCompleted(StepContext step)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        try { StepCompleted(step); }
        finally { _ticks += System.Diagnostics.Stopwatch.GetTimestamp() - start; }
    }

    private void StepCompleted(StepContext step)
    {
        var context = _context!;
        if (!IsProbeStep(step.Step) || context.NonFinite is not null) return;
        var clip = step.Run.Experiment.Training.Clip;
        var layers = _layers!.CaptureAfterUpdate(clip);
        var badWeights = layers.Where(l => !double.IsFinite(l.WeightNorm)).Select(l => l.Layer).ToList();
        var badGradients = layers.Where(l => !double.IsFinite(l.GradientNorm)).Select(l => l.Layer).ToList();
        if (badWeights.Count > 0 || badGradients.Count > 0)
            context.NonFinite = new NonFiniteEvent(step.Step, false, badGradients, badWeights, InputsFinite(step.Inputs));
        var activations = context.NonFinite is null ? _activations!.Measure(step.Model, step.Inputs) : [];
        double first = layers.Count > 0 ? layers[0].GradientNorm : double.NaN, last = layers.Count > 0 ? layers[^1].GradientNorm : double.NaN;
        context.Samples.Add(new HealthSample
        {
            Step = step.Step,
            Epoch = step.Epoch,
            LearningRate = step.LearningRate,
            DataLoss = step.DataLoss,
            RegularizationLoss = step.RegularizationLoss,
            GradientNorm = _layers.GlobalGradientNorm,
            FirstToLastGradientRatio = first / Math.Max(last, 1e-30),
            ClippedStepFraction = clip.Mode == Core.Experiments.ClipMode.Norm ? (double)_clippedSinceProbe / Math.Max(1, _stepsSinceProbe) : null,
            Layers = layers,
            Activations = activations,
        });
        _clippedSinceProbe = _stepsSinceProbe = 0;
        Evaluate(step);
    }

    /// <inheritdoc />
    public void OnEpochCompleted(EpochMetrics epoch)
    {
        _context!.Epochs.Add(epoch);
        Evaluate(null, atProbe: false);
    }

    /// <summary>How many times the detectors have judged the run (at every probe, at a non-finite loss and after every epoch).</summary>
    public int Evaluations { get; private set; }

    private void Evaluate(StepContext? step, bool atProbe = true)
    {
        Evaluations++;
        var findings = _detectors.Select(d => d.Inspect(_context!)).OfType<HealthVerdict>().ToList();
        _log.Record(findings, atProbe);
        if (step is not null && _options.StopOnFatal && findings.FirstOrDefault(f => f.Severity == Severity.Fatal) is { } fatal)
            step.RequestStop($"{fatal.Code}: {fatal.Message}");
    }

    /// <summary>Frees the probes' copies of the weights.</summary>
    public void Dispose() => _layers?.Dispose();
}
