using TuneWise.Core.Experiments;
using TorchSharp;
using TuneWise.Models.Data;
using TuneWise.Models.Training;
using TuneWise.Core.Health;
using static TorchSharp.torch;

namespace TuneWise.Models.Health.Preflight;

/// <summary>
/// <c>cannot_overfit_small_batch</c>: a sound model memorises 16 samples within 100 Adam steps
/// (Karpathy, "A Recipe for Training Neural Networks"). The check stops as soon as the loss has
/// fallen by half. Warning when it never does; fatal when no gradient reaches any weight matrix at all — no optimizer setting can help then.
/// A loss or gradient that turns NaN/Inf is reported as such (warning, with the step and the first
/// layer whose gradient broke): the training run's own <c>non_finite</c> detector stops it if it
/// happens there too. Runs on a separate copy of the model; the training run is unaffected.
/// </summary>
public sealed class SmallBatchOverfitCheck : IPreflightCheck
{
    /// <inheritdoc />
    public string Code => VerdictCodes.CannotOverfitSmallBatch;

    /// <inheritdoc />
    public IEnumerable<HealthVerdict> Check(PreflightContext context)
    {
        var th = context.Thresholds;
        int steps = (int)th["cannot_overfit.steps"], size = Math.Min((int)th["cannot_overfit.batch"], context.Data.Train.Count);
        var data = context.Data.Train;
        var watch = new MemorisingWatch(th["cannot_overfit.loss_drop"]);
        IReadOnlyList<ActivationHealth> units = [];
        using (var scope = NewDisposeScope())
        {
            using var model = context.BuildModel();
            model.train();
            // The training loop itself, on one fixed batch: Adam 3e-3, one step an epoch, no
            // shuffling, no augmentation and no validation pass; the watch reads every step.
            var memorising = new TrainingSection { Optimizer = OptimizerKind.Adam, LearningRate = 3e-3, Epochs = steps, BatchSize = size };
            var experiment = context.Experiment with { Training = memorising, Data = context.Experiment.Data with { Shuffle = false } };
            var named = model.named_parameters().Select(p => (p.name, p.parameter)).ToList();
            var parameters = named.Select(p => p.parameter).ToList();
            using var optimizer = OptimizerFactory.Create(parameters, memorising);
            // Spread the batch over the classes: the first rows of a sorted file may all share one label.
            var batch = data.Subset(Enumerable.Range(0, size).Select(i => (int)((long)i * data.Count / size)).ToList());
            var run = new TrainingRun(model, optimizer, named, experiment, stepsPerEpoch: 1, size, 0);
            using var shuffle = new Generator(0);
            using var loop = new TrainingLoop(experiment, new TrainingData(batch, batch, null), model, new OptimizerStep(model, optimizer, parameters, memorising, data.Task),
                CPU, shuffle, augmentation: null, [watch], new StepContext(run), checkpoint: null, CancellationToken.None, evaluate: false);
            for (int epoch = 0; epoch < steps && loop.Stop == StopReason.Completed; epoch++) loop.RunEpoch(epoch);
            // What the units look like at the end, so a model that cannot learn is told why.
            if (watch.NonFiniteStep < 0 && !watch.Memorised)
                using (no_grad()) units = new Probes.ActivationProbe(model, th["saturated_activation.limit"]).Measure(model, Trainer.ToInputs(batch));
        }
        var (first, last, largestWeightGradient, nonFiniteStep, nonFiniteLayer) = (watch.First, watch.Last, watch.LargestWeightGradient, watch.NonFiniteStep, watch.NonFiniteLayer);
        if (nonFiniteStep >= 0)
        {
            var where = nonFiniteLayer is null ? "the loss" : $"the gradient of {nonFiniteLayer}";
            yield return context.Verdict(Code, Severity.Warning,
                $"while memorising {size} samples with Adam 3e-3, {where} turned NaN/Inf at step {nonFiniteStep} " +
                $"(loss {first:G3} at step 0, {last:G3} then).",
                ["lower the learning rate or clip the gradient norm",
                 "check the inputs for very large values (see input_unscaled)",
                 Detectors.Fixes.BatchNormOrResidual(context.Experiment.Model)],
                new Dictionary<string, double> { ["initial_loss"] = first, ["loss_at_break"] = last, ["step"] = nonFiniteStep },
                nonFiniteLayer is null ? null : [nonFiniteLayer]);
            yield break;
        }
        double drop = (first - last) / Math.Abs(first);
        var evidence = new Dictionary<string, double>
        {
            ["initial_loss"] = first, ["final_loss"] = last, ["loss_drop"] = drop, ["largest_weight_gradient"] = largestWeightGradient,
        };
        if (double.IsFinite(drop) && drop >= th["cannot_overfit.loss_drop"]) yield break;
        bool stuck = largestWeightGradient == 0;
        var (cause, fixes) = Cause(context, units, stuck);
        foreach (var unit in units)
        {
            if (unit.DeadUnitFraction is { } dead) evidence[$"{unit.Layer}.dead_unit_fraction"] = dead;
            if (unit.SaturatedFraction is { } saturated) evidence[$"{unit.Layer}.saturated_fraction"] = saturated;
        }
        yield return context.Verdict(Code, stuck ? Severity.Fatal : Severity.Warning,
            $"the model could not memorise {size} samples in {steps} Adam steps: the loss went from {first:G3} to {last:G3} ({drop:P0}). {cause}",
            fixes, evidence);
    }

    /// <summary>
    /// Reads each memorising step: the loss, the largest gradient of any weight matrix (one read for
    /// all layers: a read per layer per step made this check cost 7 s on a small ResNet), and stops
    /// the loop once the loss has fallen far enough — the rest of the steps would only confirm it —
    /// or a loss or gradient turns NaN/Inf.
    /// </summary>
    private sealed class MemorisingWatch(double lossDrop) : ITrainingObserver
    {
        public double First { get; private set; } = double.NaN;
        public double Last { get; private set; } = double.NaN;
        public double LargestWeightGradient { get; private set; }
        public int NonFiniteStep { get; private set; } = -1;
        public string? NonFiniteLayer { get; private set; }
        public bool Memorised => (First - Last) / Math.Abs(First) >= lossDrop;

        public void OnGradients(StepContext step)
        {
            Last = step.DataLoss;
            if (step.Step == 0) First = Last;
            var withGradient = step.Parameters.Where(p => p.Parameter.dim() >= 2 && p.Parameter.grad is not null).ToList();
            if (withGradient.Count > 0)
            {
                var largest = stack(withGradient.Select(w => w.Parameter.grad!.abs().max()).ToArray()).data<float>().ToArray();
                for (int k = 0; k < largest.Length; k++)
                {
                    if (!float.IsFinite(largest[k])) { NonFiniteLayer ??= withGradient[k].Name; continue; }
                    LargestWeightGradient = Math.Max(LargestWeightGradient, largest[k]);
                }
            }
            if (NonFiniteLayer is not null || !double.IsFinite(Last))
            {
                NonFiniteStep = step.Step;
                step.RequestStop("a loss or gradient turned NaN/Inf");
            }
            else if (step.Step > 0 && LargestWeightGradient > 0 && Memorised) step.RequestStop("memorised");
        }
    }

    // The cause the check can see, root first: units that pass no gradient, else no gradient at all,
    // else a model that learns too slowly; each with the fixes for that cause only.
    private static (string Cause, IReadOnlyList<string> Fixes) Cause(PreflightContext context, IReadOnlyList<ActivationHealth> units, bool stuck)
    {
        var th = context.Thresholds;
        var m = context.Experiment.Model;
        var dead = units.Where(u => u.DeadUnitFraction >= th["dead_relu.unit_fraction"]).MaxBy(u => u.DeadUnitFraction);
        var saturated = units.Where(u => u.SaturatedFraction > th["saturated_activation.fraction"]).MaxBy(u => u.SaturatedFraction);
        if (dead is not null)
            return ($"{dead.DeadUnitFraction:P0} of {dead.Layer}'s units never fire on these samples: dead ReLUs pass no gradient back{(stuck ? ", so no weight matrix gets one" : "")}.",
                ["use leaky_relu (model.activation: \"leaky_relu\") so negative units still get a gradient",
                 m.BiasInit > 0 ? "" : "start biases slightly positive (model.biasInit: 0.01)",
                 Detectors.Fixes.InitForActivation(m)]);
        if (saturated is not null)
            return ($"{saturated.SaturatedFraction:P0} of {saturated.Layer}'s inputs are beyond ±{th["saturated_activation.limit"]:G3}: saturated {saturated.Kind} units pass almost no gradient back.",
                [Detectors.Fixes.InitForActivation(m), "scale the inputs (data.normalize: \"standardize\")", "use relu or leaky_relu instead of " + Detectors.Fixes.Name(m.Activation)]);
        if (stuck)
            return ("No gradient reaches any weight matrix: every gradient is exactly zero, as with a constant or zero initialisation, or a loss that does not depend on the weights.",
                [m.Init is InitKind.Constant ? "do not start every weight at one value (model.init: \"he\" or \"xavier\")" : Detectors.Fixes.InitForActivation(m),
                 "check that the labels belong to the inputs and vary (a constant target gives a zero gradient once fitted)"]);
        return ("It learns, but far too slowly.",
            [Detectors.Fixes.InitForActivation(m), Detectors.Fixes.BatchNormOrResidual(m),
             "check that the labels belong to the inputs (a shuffled label column cannot be memorised this fast)"]);
    }
}
