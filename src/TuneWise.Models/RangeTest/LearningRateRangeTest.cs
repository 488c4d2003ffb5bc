using TorchSharp;
using TorchSharp.Modules;
using TuneWise.Models.Data;
using TuneWise.Models.Health.Detectors;
using TuneWise.Models.Health.Probes;
using TuneWise.Models.Training;
using TuneWise.Core.Experiments;
using TuneWise.Core.RangeTests;
using CategoricalParameter = TuneWise.Core.Spaces.CategoricalParameter;
using SearchSpaceParser = TuneWise.Core.Spaces.SearchSpaceParser;
using static TorchSharp.torch;

namespace TuneWise.Models.RangeTest;

/// <summary>
/// The learning-rate range test (Smith 2015, 2018; fastai's <c>lr_find</c>): train for a few
/// steps while the learning rate sweeps from tiny to huge, smooth the loss, stop when it diverges,
/// and read good rates off the curve. The model and optimizer are restored afterwards.
/// </summary>
public sealed class LearningRateRangeTest
{
    private readonly LrRangeTestOptions _options;

    /// <summary>Creates a test with the given options (validated here).</summary>
    public LearningRateRangeTest(LrRangeTestOptions? options = null)
    {
        _options = options ?? new LrRangeTestOptions();
        _options.Validate();
    }

    /// <summary>Called after every step, e.g. to advance a progress bar.</summary>
    public Action<LrRangePoint>? OnStep { get; init; }

    /// <summary>
    /// Runs the test on a fresh model and optimizer built from <paramref name="experiment"/>, with
    /// <paramref name="optimizer"/> in place of the experiment's own when given.
    /// </summary>
    public LrRangeTestResult Run(Experiment experiment, TrainingData data, OptimizerKind? optimizer = null, CancellationToken cancellation = default)
    {
        var training = experiment.Training with { Optimizer = optimizer ?? experiment.Training.Optimizer };
        var trial = experiment with { Training = training };
        using var model = new Trainer(trial).BuildModel(data);
        using var opt = OptimizerFactory.Create(model.parameters(), training);
        return Run(model, opt, trial, data, cancellation);
    }

    /// <summary>
    /// Runs the test on an existing model and optimizer and restores both exactly afterwards
    /// (weights, buffers, optimizer state, learning rates, random state).
    /// </summary>
    public LrRangeTestResult Run(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Experiment experiment, TrainingData data,
        CancellationToken cancellation = default)
    {
        var training = experiment.Training;
        var task = data.Train.Task;
        using var snapshot = new TrainingSnapshot(model, optimizer);
        try
        {
            var parameters = model.parameters().Where(p => p.requires_grad).ToList();
            var validation = _options.UseValidationLoss ? DataSplit.Limit(data.Validation, _options.ValidationSamples, experiment.Seed) : null;
            using var validX = validation is null ? null : Trainer.ToInputs(validation);
            using var validY = validation is null ? null : Trainer.ToTargets(validation);
            int n = data.Train.Count, batch = Math.Min(training.BatchSize, n);
            int steps = _options.StepsFor(n / batch);
            var watch = new SweepWatch(_options, steps, parameters, new ActivationProbe(model, saturationLimit: double.PositiveInfinity), validX, validY, task, OnStep);
            ProbeTraining.Run(model, optimizer, experiment, data, batch, steps, step => _options.LearningRateAt(step, steps), [watch], cancellation);
            var (points, stopReason, stoppedAt) = (watch.Points, watch.StopReason, watch.StoppedAt);
            int smallest = (int)Math.Min(batch, SmallestSearchedBatch(experiment) ?? batch);
            double smallerBatches = Math.Sqrt((double)smallest / batch);
            var result = Summarize(points, OptimizerName(training.Optimizer), stopReason, stoppedAt, smallerBatches, HoldsTheRate(experiment)) with { FullBatch = batch >= n };
            var checks = new HeldRateCheck(experiment, data, model, optimizer, snapshot, cancellation).Run(result.Range.Upper, smallest);
            return Lowered(result, checks);
        }
        finally
        {
            snapshot.Restore();
        }
    }

    // smallerBatches: √(smallest batch searched / the sweep's batch), at most 1. The dead-unit cap
    // scales by it as the safe rate of a smaller batch does (the square-root rule for adaptive
    // optimizers), and a smaller batch also takes more steps an epoch at the rate.
    // holdsTheRate: a trial may run at its top rate from start to end (a constant or step schedule).
    private LrRangeTestResult Summarize(List<LrRangePoint> points, string optimizer, string stopReason, double? stoppedAt, double smallerBatches, bool holdsTheRate)
    {
        // The curve the rules read: finite points before divergence.
        var usable = points.Where(p => double.IsFinite(p.SmoothedLoss)).ToList();
        if (stopReason == "diverged" && usable.Count > 1) usable.RemoveAt(usable.Count - 1);
        if (usable.Count < 3)
            throw new RangeTestFailedException(
                $"the loss was not finite or diverged within {points.Count} steps from {_options.Start:G3}: the model cannot train at any rate tried. " +
                "Check the inputs for NaN/Inf and the initialisation, start the sweep lower, or give it more steps (search.lrRangeTest.steps).");
        var lrs = usable.Select(p => p.LearningRate).ToList();
        var losses = usable.Select(p => p.SmoothedLoss).ToList();
        // The starting level is the mean of the first raw losses, not the first one: with small batches
        // one batch's loss varies by a factor of two or more, and a lucky first batch made a healthy
        // least-squares sweep at batch 8 look like a model that cannot train.
        double first = usable.Take(Math.Max(3, usable.Count / 10)).Select(p => p.Loss).Where(double.IsFinite).DefaultIfEmpty(losses[0]).Average();
        double minimum = losses.Min();
        if (minimum > 0.98 * first)
            throw new RangeTestFailedException(
                $"the loss never fell below {first:G4} while the learning rate rose from {_options.Start:G3} to {lrs[^1]:G3}: " +
                "the model cannot train at any rate tried. Check the labels, the initialisation and the data scaling (tunewise diagnose tells more).");

        // The recommendation is the first rule that gives an answer, in this order. Measured on
        // Fashion-MNIST over six seeds (see docs/health.md), steepest landed in the good region for SGD,
        // momentum and Adam every time; valley was too cautious for plain SGD and minimum/10 too
        // bold for Adam, because the minimum of a flat, noisy curve wanders.
        var suggestions = new List<LrSuggestion>
        {
            new("steepest", LrSuggestions.Steepest(lrs, losses)),
            new("valley", LrSuggestions.Valley(lrs, losses)),
            new("minimum/10", LrSuggestions.MinimumOverTen(lrs, losses)),
        };
        var pick = suggestions.First(s => s.LearningRate is not null);
        double recommended = pick.LearningRate!.Value;
        double atMinimum = LrSuggestions.AtMinimum(lrs, losses);
        double? onset = stoppedAt is null ? null : DivergenceOnset(points);
        var (lower, upper, rule) = SearchRange(recommended, atMinimum, onset, pick.Rule);
        double? dying = DeadUnitsFrom(points);
        // Units that die only where the loss has stopped falling die of a rate the loss already leaves
        // out (plain SGD on the customers sample: a fifth silent at 2.0, past its lowest loss at 1.1);
        // units that die while the loss still falls die of a rate the loss alone cannot see.
        double lossLimit = onset ?? atMinimum;
        double diesFrom = dying ?? double.PositiveInfinity;
        // A sweep spends a handful of steps at each rate; a trial spends thousands, and units that a
        // few steps at a rate leave alive die over epochs at it. The quick start (Adam, 8 epochs,
        // cosine) at batch 32 kept its units at 0.003 and lost them at 0.006, where its sweeps saw a
        // fifth of a layer silent at 0.031 on three seeds; the customers sample (Adam, 30 epochs, a
        // constant rate, batch 16) lost them at 0.0085 and kept them at 0.0027, a fifth silent at
        // 0.062. A schedule that holds the rate spends the whole run at it, where cosine and one-cycle
        // spend on average half of it there.
        double cap = diesFrom / DyingMargin * smallerBatches * (holdsTheRate ? 0.5 : 1);
        bool capped = diesFrom <= lossLimit && cap < upper;
        if (capped)
        {
            upper = cap;
            lower = Math.Min(lower, upper / 10);
            rule += $", capped at 1/{DyingMargin:G3} of the rate where a fifth more of a ReLU layer's units had gone silent than at the start ({diesFrom:G3})" +
                (smallerBatches < 1 ? $" × {smallerBatches:G2} for the smallest batch searched" : "") +
                (holdsTheRate ? " × 0.5 for a schedule that holds the rate" : "");
        }
        // The rate printed beside a range lies inside it, and no more than two decades below the rate
        // of the lowest loss (the best rate of a short run sits one to two decades below divergence):
        // the first rule whose answer does, else the answer moved to the nearer end. A least-squares
        // sweep at batch 128 fell steepest at 3.6e-4, where the grid's best was 0.1.
        bool Plausible(double? r) => r >= lower && r <= upper && r >= atMinimum / 100;
        recommended = suggestions.Select(s => s.LearningRate).FirstOrDefault(Plausible) ?? Math.Clamp(recommended, Math.Max(lower, Math.Min(upper, atMinimum / 100)), upper);
        var range = new LearningRateRange(optimizer, lower, upper, recommended, rule);
        return new LrRangeTestResult
        {
            Optimizer = optimizer,
            Points = points,
            Suggestions = suggestions,
            Recommended = recommended,
            Range = range,
            DivergedAt = onset,
            DeadUnitsFrom = dying,
            CappedByDeadUnits = capped,
            StoppedAt = stoppedAt,
            StopReason = stopReason,
            UsedValidationLoss = _options.UseValidationLoss,
        };
    }

    // Decades of the search range below the divergence onset. The best rate of a short run sits within
    // one to two decades below the onset on every problem measured (least squares at batch 8–128,
    // Fashion-MNIST with SGD and Adam); four leave room for noisy curves without an unbounded range.
    private const double DecadesBelowOnset = 4;

    /// <summary>
    /// The range a search samples: up to where the loss started to climb, down to a decade below the
    /// recommendation (never more than four decades below the onset). The recommendation alone is
    /// not a safe anchor: on noisy small-batch curves the steepest slope can sit orders of magnitude
    /// below the good rates (least squares at batch 32: 7.7e-7 against a best rate of 0.1), and a range
    /// built around it traps the whole study; the divergence onset is found reliably on every curve.
    /// Without divergence the range stays a decade around the recommendation, capped at the minimum.
    /// </summary>
    private static (double Lower, double Upper, string Rule) SearchRange(double recommended, double atMinimum, double? onset, string pick)
    {
        if (onset is not { } top || !(top > recommended))
            return (recommended / 10, Math.Max(recommended, Math.Min(recommended * 10, atMinimum)),
                $"{pick} / 10 … min({pick} × 10, rate at the minimum smoothed loss)");
        double bottom = Math.Max(recommended / 10, top / Math.Pow(10, DecadesBelowOnset));
        return (Math.Min(bottom, top / 10), top, $"max({pick} / 10, onset / 1e4) … divergence onset");
    }

    /// <summary>
    /// The range with its top lowered to the highest rate the held-rate checks saw the network train
    /// through (half the last one tried when none did), the bottom and the recommendation kept below it.
    /// </summary>
    private static LrRangeTestResult Lowered(LrRangeTestResult result, IReadOnlyList<HeldRateProbe> checks)
    {
        result = result with { HeldRateChecks = checks };
        if (checks.Count == 0 || checks[0].Held) return result;
        var held = checks.FirstOrDefault(c => c.Held);
        double top = held?.LearningRate ?? checks[^1].LearningRate / 2;
        var range = result.Range;
        double lower = Math.Min(range.Lower, top / 10), recommended = Math.Clamp(result.Recommended, lower, top);
        string failures = string.Join(", ", checks.Where(c => !c.Held).Select(c => $"{c.LearningRate:G3} ({c.Failure} at step {c.FailedAtStep})"));
        string rule = range.Rule + $", lowered to {top:G3} " + (held is null
            ? $"without a rate that held: {checks.Count} rates held for {checks[0].Steps} steps at batch {checks[0].BatchSize} all failed: {failures}"
            : $"where the rate held for {held.Steps} steps at batch {held.BatchSize} kept the network healthy: {failures}");
        return result with { Recommended = recommended, Range = range with { Lower = lower, Upper = top, Recommended = recommended, Rule = rule } };
    }

    /// <summary>Whether a trial may keep its rate for the whole run: a constant or step schedule, given or among the choices searched.</summary>
    private static bool HoldsTheRate(Experiment experiment)
    {
        static bool Holds(ScheduleKind kind) => kind is ScheduleKind.Constant or ScheduleKind.Step;
        if (!experiment.Search.Space.ContainsKey("schedule")) return Holds(experiment.Training.Schedule);
        var space = SearchSpaceParser.Parse(experiment.Search.Space, customTrainer: experiment.Search.CustomTrainer);
        return space.Parameters.FirstOrDefault(p => p.Name == "schedule") is CategoricalParameter c
            && c.Choices.Any(v => Holds(Enum.Parse<ScheduleKind>(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)!, ignoreCase: true)));
    }

    /// <summary>The smallest batch size the search will try, or null when it does not search the batch size.</summary>
    private static long? SmallestSearchedBatch(Experiment experiment)
    {
        if (!experiment.Search.Space.ContainsKey("batchSize")) return null;
        var space = SearchSpaceParser.Parse(experiment.Search.Space, customTrainer: experiment.Search.CustomTrainer);
        return space.Parameters.FirstOrDefault(p => p.Name == "batchSize") switch
        {
            CategoricalParameter c => c.Choices.Min(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)),
            { } p => Convert.ToInt64(p.FromUnit(0), System.Globalization.CultureInfo.InvariantCulture),
            null => null,
        };
    }

    // How far below the rate where a fifth of a layer's units had gone silent in the sweep the search
    // range ends: the quick start's trials at batch 32 kept their units at 1/7.5 of it (with √½ for
    // the batch) and lost them at 1/3.7.
    private const double DyingMargin = 7.5;

    // The rise of the silent share, above its level at the sweep's start (where the rates are too
    // small to change anything), that marks units dying. Measured on one batch a step the share
    // wanders by a few points; a rise of 5 points was crossed anywhere between 0.0034 and 0.012 by
    // three seeds of the quick start, a rise of 20 points at 0.031 by all three.
    private const double DeadUnitRise = 0.2;

    // Steps in the running median that steadies the silent share before it is read.
    private const int DeadUnitWindow = 5;

    /// <summary>
    /// The rate of the first of two steps in a row whose silent share (a running median of
    /// <see cref="DeadUnitWindow"/> steps) stood more than <see cref="DeadUnitRise"/> above the median
    /// of the sweep's first quarter; null without ReLU layers or when no units died.
    /// </summary>
    private static double? DeadUnitsFrom(List<LrRangePoint> points)
    {
        var shares = points.Select(p => p.DeadUnitFraction).ToList();
        int start = Math.Max(2, shares.Count / 4);
        if (shares.Count <= start + 1 || shares.Any(double.IsNaN)) return null;
        double limit = Verdict.Median(shares.Take(start)) + DeadUnitRise;
        // Centred on each step, shortened at the sweep's two ends.
        var steady = shares.Select((_, i) =>
        {
            int from = Math.Max(0, i - DeadUnitWindow / 2), to = Math.Min(shares.Count, i + DeadUnitWindow / 2 + 1);
            return Verdict.Median(shares.Skip(from).Take(to - from));
        }).ToList();
        for (int i = start; i + 1 < steady.Count; i++)
            if (steady[i] > limit && steady[i + 1] > limit) return points[i].LearningRate;
        return null;
    }

    // The smoothed loss crosses its limit a few steps after the loss has started to climb, because
    // the average lags; the onset is right after the last raw loss that was still at the best level.
    private static double DivergenceOnset(List<LrRangePoint> points)
    {
        double best = points.Where(p => double.IsFinite(p.SmoothedLoss)).Select(p => p.SmoothedLoss).DefaultIfEmpty(double.PositiveInfinity).Min();
        int last = points.FindLastIndex(p => double.IsFinite(p.Loss) && p.Loss <= best);
        return points[Math.Min(last + 1, points.Count - 1)].LearningRate;
    }

    /// <summary>
    /// Reads each step of the sweep: the global gradient norm before clipping, then the loss (or the
    /// validation loss) and the share of dead units after it, smoothed as fastai does; stops the loop
    /// when the loss turns NaN/Inf, diverges, or the sweep's steps are done.
    /// </summary>
    private sealed class SweepWatch(LrRangeTestOptions options, int steps, IReadOnlyList<Parameter> parameters, ActivationProbe probe,
        Tensor? validX, Tensor? validY, TaskKind task, Action<LrRangePoint>? onStep) : ITrainingObserver
    {
        // fastai's β = 0.98 averages over ~50 steps, half of its 100-step sweep. A sweep capped at one
        // short epoch (32 steps at batch 32 on 1,024 samples) must average over less, or the smoothed
        // curve still lags at the start when the loss has already dipped and diverged: keep the
        // window within half the sweep.
        private readonly double _beta = Math.Min(options.SmoothingBeta, 1 - 2.0 / steps);
        private double _average, _best = double.PositiveInfinity, _gradientNorm;

        public List<LrRangePoint> Points { get; } = new(steps);
        public string StopReason { get; private set; } = "completed";
        public double? StoppedAt { get; private set; }

        public void OnGradients(StepContext step) => _gradientNorm = GlobalGradientNorm(parameters);

        public void OnClipped(StepContext step)
        {
            double lr = step.LearningRate;
            double value = validX is null ? step.TotalLoss : Evaluator.Evaluate(step.Model, validX, validY!, task).Loss;
            double dead = DeadUnitFraction(probe, step.Model, step.Inputs);
            if (!double.IsFinite(value) || !double.IsFinite(_gradientNorm))
            {
                Stop(step, new LrRangePoint(step.Step, lr, value, double.NaN, _gradientNorm, dead), "non_finite");
                return;
            }
            // Debiased EMA (fastai): the raw average starts at 0 and is divided by 1 − βᵗ.
            _average = _beta * _average + (1 - _beta) * value;
            double smoothed = _average / (1 - Math.Pow(_beta, step.Step + 1));
            var point = new LrRangePoint(step.Step, lr, value, smoothed, _gradientNorm, dead);
            if (step.Step > 0 && smoothed > options.DivergenceFactor * _best)
            {
                Stop(step, point, "diverged");
                return;
            }
            _best = Math.Min(_best, smoothed);
            Points.Add(point);
            onStep?.Invoke(point);
        }

        private void Stop(StepContext step, LrRangePoint point, string reason)
        {
            Points.Add(point);
            onStep?.Invoke(point);
            (StopReason, StoppedAt) = (reason, step.LearningRate);
            step.RequestStop(reason);
        }
    }

    // The health monitor's dead-unit measurement on the step's batch: the largest share of a ReLU
    // layer's units silent for every sample.
    private static double DeadUnitFraction(ActivationProbe probe, nn.Module<Tensor, Tensor> model, Tensor inputs) =>
        probe.HasActivations
            ? probe.Measure(model, inputs).Where(a => a.DeadUnitFraction is not null).Select(a => a.DeadUnitFraction!.Value).DefaultIfEmpty(double.NaN).Max()
            : double.NaN;

    private static double GlobalGradientNorm(IReadOnlyList<Parameter> parameters)
    {
        using var scope = NewDisposeScope();
        var norms = parameters.Where(p => p.grad is not null).Select(p => p.grad!.norm()).ToArray();
        return norms.Length == 0 ? 0 : stack(norms).norm().item<float>();
    }

    /// <summary>The experiment-file name of an optimizer (e.g. <c>adamw</c>).</summary>
    public static string OptimizerName(OptimizerKind kind) => ExperimentLoader.NameOf(kind);
}
