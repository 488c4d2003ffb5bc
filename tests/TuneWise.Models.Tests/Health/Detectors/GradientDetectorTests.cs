using TuneWise.Models.Health;
using TuneWise.Models.Health.Detectors;
using TuneWise.Core.Experiments;
using TuneWise.Core.Health;

namespace TuneWise.Models.Tests.Health.Detectors;

/// <summary>Vanishing gradients told apart from a dead network, and learning-rate advice kept below the divergence point.</summary>
public class GradientDetectorTests
{
    private static HealthContext Context(double learningRate, double? ceiling = null) =>
        new(new Experiment { Training = new TrainingSection { Epochs = 4, LearningRate = learningRate, BatchSize = 64, Optimizer = OptimizerKind.Momentum } },
            new HealthThresholds(null), 100, 10) { LearningRateCeiling = ceiling };

    private static HealthSample Probe(double first, double last, double deadUnits, double deadOutputs) => new()
    {
        Step = 200,
        DataLoss = 2.30,
        FirstToLastGradientRatio = last > 0 ? first / last : 0,
        Layers = [new LayerHealth { Layer = "fc1", GradientNorm = first }, new LayerHealth { Layer = "out", GradientNorm = last }],
        Activations = [new ActivationHealth { Layer = "act1", Kind = "relu", DeadFraction = deadOutputs, DeadUnitFraction = deadUnits }],
    };

    [Fact]
    public void A_relu_layer_that_died_is_dead_relu_not_vanishing_gradients_and_no_fix_raises_the_rate()
    {
        // The trial: momentum at lr 0.115, its ReLU layer 100 % dead, every gradient exactly zero.
        var context = Context(0.115);
        context.Samples.Add(Probe(0, 0, deadUnits: 1.0, deadOutputs: 1.0));
        var log = new VerdictLog();
        log.Record(HealthDetectors.All().Select(d => d.Inspect(context)).OfType<HealthVerdict>().ToList());

        Assert.Equal(VerdictCodes.DeadRelu, log.Verdicts[0].Code);
        Assert.DoesNotContain(log.Verdicts, v => v.Code == VerdictCodes.VanishingGradient);
        Assert.DoesNotContain(log.Verdicts.SelectMany(v => v.Fixes), f => f.StartsWith("raise the learning rate", StringComparison.Ordinal));
    }

    [Fact]
    public void Gradients_of_exactly_zero_without_dead_units_read_as_a_dead_network_and_lower_the_rate()
    {
        var context = Context(0.5);
        context.Samples.Add(Probe(0, 0, deadUnits: 0.1, deadOutputs: 0.3));

        var verdict = new VanishingGradientDetector().Inspect(context)!;

        Assert.Contains("the network is dead", verdict.Message);
        Assert.StartsWith("lower the learning rate", verdict.Fixes[0]);
        Assert.DoesNotContain(verdict.Fixes, f => f.StartsWith("raise", StringComparison.Ordinal));
    }

    [Fact]
    public void Advice_to_raise_the_rate_stays_below_half_the_range_tests_divergence_point()
    {
        var context = Context(0.02, ceiling: 0.17);
        context.Samples.Add(Probe(1e-6, 1e-2, deadUnits: 0, deadOutputs: 0.2));

        var verdict = new VanishingGradientDetector().Inspect(context)!;

        var raise = Assert.Single(verdict.Fixes, f => f.StartsWith("raise the learning rate", StringComparison.Ordinal));
        Assert.Contains("0.02 → 0.085", raise);

        // Without a range test the bound is the suspect rate of 0.1: 0.05 may go to 0.1, 9.2 is never told to go higher.
        var free = Context(0.05);
        free.Samples.Add(Probe(1e-6, 1e-2, deadUnits: 0, deadOutputs: 0.2));
        Assert.Contains(new VanishingGradientDetector().Inspect(free)!.Fixes, f => f.Contains("0.05 → 0.1)", StringComparison.Ordinal));
        var huge = Context(9.2);
        huge.Samples.Add(Probe(1e-6, 1e-2, deadUnits: 0, deadOutputs: 0.2));
        Assert.DoesNotContain(new VanishingGradientDetector().Inspect(huge)!.Fixes, f => f.StartsWith("raise", StringComparison.Ordinal));

        var close = Context(0.1, ceiling: 0.17);
        close.Samples.Add(Probe(1e-6, 1e-2, deadUnits: 0, deadOutputs: 0.2));
        Assert.DoesNotContain(new VanishingGradientDetector().Inspect(close)!.Fixes, f => f.StartsWith("raise", StringComparison.Ordinal));
    }
}
