using TuneWise.Models.Health;
using TuneWise.Models.Health.Detectors;
using TuneWise.Models.Training;
using TuneWise.Core.Experiments;
using TuneWise.Core.Health;

namespace TuneWise.Models.Tests.Health.Detectors;

/// <summary>The curve-level and ratio detectors on histories whose answer is known.</summary>
public class CurveDetectorTests
{
    private static HealthContext Context(int epochs = 10, int stepsPerEpoch = 10, int classes = 10, IReadOnlyDictionary<string, double>? thresholds = null) =>
        new(new Experiment { Training = new TrainingSection { Epochs = epochs } }, new HealthThresholds(thresholds), stepsPerEpoch, classes);

    private static HealthContext WithLosses(IEnumerable<double> losses, int epochs = 10, int stepsPerEpoch = 20)
    {
        var c = Context(epochs, stepsPerEpoch);
        int step = 0;
        foreach (var loss in losses) { c.AddStep(new StepHealth(step, loss, 0, 0.1)); c.Step = step++; }
        return c;
    }

    private static void AddEpochs(HealthContext c, params (double TrainLoss, double ValidationLoss, double TrainAccuracy, double ValidationAccuracy)[] epochs)
    {
        foreach (var (tl, vl, ta, va) in epochs)
            c.Epochs.Add(new EpochMetrics { Epoch = c.Epochs.Count, TrainLoss = tl, ValidationLoss = vl, TrainAccuracy = ta, ValidationAccuracy = va });
    }

    // A long batch-1 run: each step's loss is one sample's cross-entropy — mostly near zero for samples
    // already learnt, sometimes large — drawn around the level (a mixture of two exponentials).
    private static HealthContext BatchOne(Func<int, double> level, int steps, int seed = 5)
    {
        var c = new HealthContext(new Experiment { Training = new TrainingSection { Epochs = 1, BatchSize = 1 } }, new HealthThresholds(null), steps, 10);
        var random = new Random(seed);
        for (int step = 0; step < steps; step++)
        {
            double scale = random.NextDouble() < 0.8 ? 0.1 : 4.6;
            c.AddStep(new StepHealth(step, -level(step) * scale * Math.Log(1 - random.NextDouble()), 0, 0.005));
            c.Step = step;
        }
        return c;
    }

    [Fact]
    public void Single_sample_noise_over_fifty_thousand_steps_is_not_divergence()
    {
        // Learnt within the first 600 samples, then flat: 780 windows of 64 samples.
        var c = BatchOne(step => Math.Max(0.4, 2.3 - step * 0.004), 50_000);
        // The raw window means would call it diverging: their lowest is an extreme draw far below the level.
        var raw = c.WindowLosses();
        Assert.True(raw[^1] > 2 * raw.Min() && raw[^1] > raw[9], $"raw: last {raw[^1]:G3}, min {raw.Min():G3}, start {raw[9]:G3}");

        Assert.Null(new DivergingLossDetector().Inspect(c));
    }

    [Fact]
    public void A_batch_one_loss_that_really_climbs_is_still_diverging()
    {
        var c = BatchOne(step => step < 20_000 ? Math.Max(0.4, 2.3 - step * 0.004) : 0.4 + (step - 20_000) * 0.0002, 40_000);

        Assert.NotNull(new DivergingLossDetector().Inspect(c));
    }

    [Fact]
    public void A_loss_that_climbs_back_above_its_start_is_diverging()
    {
        var losses = Enumerable.Range(0, 200).Select(i => i < 100 ? 2.0 - i * 0.015 : 0.5 + (i - 100) * 0.05);
        var verdict = new DivergingLossDetector().Inspect(WithLosses(losses));
        Assert.NotNull(verdict);
        Assert.True(verdict.Evidence["smoothed_loss"] > 2 * verdict.Evidence["best_smoothed_loss"]);
    }

    [Fact]
    public void A_falling_noisy_loss_is_not_diverging_nor_a_plateau()
    {
        var rng = new Random(1);
        var losses = Enumerable.Range(0, 200).Select(i => 2.3 * Math.Exp(-i / 60.0) + 0.2 + 0.1 * rng.NextDouble()).ToList();
        var c = WithLosses(losses);
        Assert.Null(new DivergingLossDetector().Inspect(c));
        Assert.Null(new PlateauDetector().Inspect(c));
        Assert.Null(new OscillatingLossDetector().Inspect(c));
    }

    [Fact]
    public void A_flat_loss_is_a_plateau_once_enough_steps_have_run()
    {
        var flat = Enumerable.Repeat(2.3, 200).ToList();
        Assert.NotNull(new PlateauDetector().Inspect(WithLosses(flat)));
        // Judged only after 30 % of the planned steps: here 200 steps are 10 % of 2,000.
        Assert.Null(new PlateauDetector().Inspect(WithLosses(flat, epochs: 100)));
    }

    [Fact]
    public void A_loss_that_climbs_far_above_its_start_is_not_called_flat_and_a_small_rise_is_said_as_a_rise()
    {
        var climbing = Enumerable.Range(0, 200).Select(i => 2.3 + i * 0.2).ToList();
        Assert.Null(new PlateauDetector().Inspect(WithLosses(climbing)));
        Assert.NotNull(new DivergingLossDetector().Inspect(WithLosses(climbing)));

        var creeping = Enumerable.Range(0, 200).Select(i => 2.3 + i * 0.0003).ToList();
        var verdict = new PlateauDetector().Inspect(WithLosses(creeping));
        Assert.NotNull(verdict);
        Assert.Contains("above where it started", verdict.Message);
        Assert.DoesNotContain("-", verdict.Message.Split("loss is")[1].Split("(")[0]);
    }

    [Fact]
    public void Validation_accuracy_that_never_gains_a_point_is_slow_convergence()
    {
        var c = Context(epochs: 6);
        AddEpochs(c, (2.2, 2.2, 0.104, 0.105), (2.2, 2.2, 0.106, 0.107), (2.2, 2.2, 0.108, 0.109), (2.2, 2.2, 0.11, 0.111));
        var verdict = new PlateauDetector().Inspect(c);
        Assert.NotNull(verdict);
        Assert.True(verdict.Evidence["best_epoch_gain"] < 0.01);
    }

    [Fact]
    public void Training_accuracy_that_keeps_falling_back_oscillates()
    {
        var c = Context(epochs: 10);
        AddEpochs(c, (1, 1, 0.60, 0.6), (1, 1, 0.70, 0.7), (1, 1, 0.62, 0.6), (1, 1, 0.72, 0.7), (1, 1, 0.64, 0.6), (1, 1, 0.74, 0.7));
        var verdict = new OscillatingLossDetector().Inspect(c);
        Assert.NotNull(verdict);
        Assert.Equal(2, verdict.Evidence["swings"]);
    }

    [Fact]
    public void Steadily_rising_accuracy_does_not_oscillate()
    {
        var c = Context(epochs: 10);
        AddEpochs(c, (1, 1, 0.6, 0.6), (1, 1, 0.7, 0.7), (1, 1, 0.75, 0.7), (1, 1, 0.78, 0.7), (1, 1, 0.8, 0.7), (1, 1, 0.81, 0.7));
        Assert.Null(new OscillatingLossDetector().Inspect(c));
    }

    [Fact]
    public void Validation_loss_rising_while_training_loss_falls_is_overfitting()
    {
        var c = Context();
        AddEpochs(c, (1.0, 0.9, 0.6, 0.6), (0.7, 0.6, 0.7, 0.7), (0.5, 0.65, 0.8, 0.7), (0.3, 0.75, 0.9, 0.68));
        var verdict = new OverfittingDetector().Inspect(c);
        Assert.NotNull(verdict);
        Assert.Contains("training.epochs: 2", verdict.Fixes[0]);
        Assert.Equal(0.6, verdict.Evidence["best_validation_loss"]);
    }

    [Fact]
    public void A_validation_loss_that_wobbles_below_the_training_loss_is_not_overfitting()
    {
        // A healthy regression with 80 validation rows: validation rose 1.41 → 1.58 while training fell to 1.62.
        var c = Context();
        AddEpochs(c, (1.9, 1.41, 0.0, 0.0), (1.8, 1.50, 0.0, 0.0), (1.62, 1.58, 0.0, 0.0));
        Assert.Null(new OverfittingDetector().Inspect(c));
    }

    [Fact]
    public void Both_losses_falling_is_not_overfitting()
    {
        var c = Context();
        AddEpochs(c, (1.0, 0.9, 0.6, 0.6), (0.7, 0.6, 0.7, 0.7), (0.5, 0.55, 0.8, 0.7), (0.3, 0.5, 0.9, 0.68));
        Assert.Null(new OverfittingDetector().Inspect(c));
    }

    [Fact]
    public void A_first_layer_gradient_70_times_the_last_is_exploding_and_thresholds_can_be_overridden()
    {
        HealthSample Sample(double first, double last) => new()
        {
            Step = 10,
            FirstToLastGradientRatio = first / last,
            Layers = [new LayerHealth { Layer = "fc1", GradientNorm = first }, new LayerHealth { Layer = "out", GradientNorm = last }],
        };
        var c = Context();
        c.Samples.Add(Sample(80, 1));
        var verdict = new ExplodingGradientDetector().Inspect(c);
        Assert.Equal(Severity.Warning, verdict!.Severity);
        Assert.Equal(["fc1"], verdict.Layers);

        var lenient = Context(thresholds: new Dictionary<string, double> { ["exploding_gradient.ratio"] = 100 });
        lenient.Samples.Add(Sample(80, 1));
        Assert.Null(new ExplodingGradientDetector().Inspect(lenient));
    }

    [Fact]
    public void The_verdict_log_merges_repeats_and_tracks_persistence()
    {
        var log = new VerdictLog();
        HealthVerdict V(int step) => new() { Code = "plateau", Severity = Severity.Warning, Step = step, LastStep = step, Message = $"at {step}" };
        log.Record([V(10)]);
        log.Record([V(20)]);
        Assert.Equal(2, log.Streak("plateau"));
        var merged = Assert.Single(log.Verdicts);
        Assert.Equal(10, merged.Step);
        Assert.Equal(20, merged.LastStep);
        Assert.Equal(2, merged.Occurrences);
        Assert.True(merged.Persists);
        Assert.Equal(2, merged.Streak);
        log.Record([V(25)], atProbe: false);
        Assert.Equal(2, log.Streak("plateau")); // an evaluation after an epoch does not count as a probe
        Assert.Equal(25, log.Verdicts[0].LastStep);
        log.Record([], atProbe: false);
        Assert.True(log.Verdicts[0].Persists);
        log.Record([]);
        Assert.False(log.Verdicts[0].Persists);
        Assert.Equal(0, log.Verdicts[0].Streak);
        Assert.Equal(0, log.Streak("plateau"));
    }
}
