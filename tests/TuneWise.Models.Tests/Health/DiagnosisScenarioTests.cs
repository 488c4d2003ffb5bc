using TuneWise.Models.Data;
using TuneWise.Models.Health;
using TuneWise.Models.Training;
using TuneWise.Core.Experiments;
using TuneWise.Core.Health;
using static TuneWise.Models.Tests.Health.HealthScenarios;

namespace TuneWise.Models.Tests.Health;

/// <summary>Each network has one problem built in on purpose; the right verdict must fire and the wrong ones must not.</summary>
public class DiagnosisScenarioTests
{
    private static readonly List<int> Deep = Enumerable.Repeat(64, 8).ToList();

    private static void Expect(DiagnosisResult r, string[] present, string[] absent)
    {
        var codes = Codes(r, Severity.Info);
        foreach (var code in present) Assert.True(codes.Contains(code), $"expected {code}; got {Describe(r)}");
        foreach (var code in absent) Assert.False(codes.Contains(code), $"did not expect {code}; got {Describe(r)}");
    }

    [Fact]
    public void A_healthy_mlp_gets_no_warning()
    {
        var r = Diagnose(Base());
        Assert.True(r.Healthy, Describe(r));
        Assert.NotEmpty(r.Samples);
        Assert.Equal(["fc1", "fc2", "out"], r.Layers);
    }

    [Fact]
    public void A_healthy_cnn_gets_no_warning()
    {
        var r = Diagnose(Base(new ModelSection { Kind = ModelKind.Cnn, Channels = [8, 16], Hidden = [32] }, epochs: 2), SmallData(1000));
        Assert.True(r.Healthy, Describe(r));
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void A_healthy_resnet_gets_no_warning()
    {
        var r = Diagnose(Base(new ModelSection { Kind = ModelKind.ResNet, Channels = [8, 16], Blocks = 1 }, epochs: 2), SmallData(1000));
        Assert.True(r.Healthy, Describe(r));
        Assert.Contains(r.Samples[^1].Activations, a => a.Layer.StartsWith("stage1_block1", StringComparison.Ordinal));
    }

    [Fact]
    public void Tiny_initial_weights_in_a_deep_relu_net_vanish()
    {
        var r = Diagnose(Base(new ModelSection { Hidden = Deep, Init = InitKind.Normal, InitStd = 1e-3 },
            new TrainingSection { Optimizer = OptimizerKind.Sgd, LearningRate = 0.01 }));
        Expect(r, [VerdictCodes.VanishingGradient, VerdictCodes.StalledWeights],
            [VerdictCodes.ExplodingGradient, VerdictCodes.NonFinite, VerdictCodes.SaturatedActivation, VerdictCodes.OversizedUpdates]);
    }

    [Fact]
    public void Huge_initial_weights_explode_and_stop_the_run()
    {
        var r = Diagnose(Base(new ModelSection { Hidden = Deep, Init = InitKind.Normal, InitStd = 1.0 }));
        Expect(r, [VerdictCodes.ExplodingGradient, VerdictCodes.InitialLossOff], [VerdictCodes.VanishingGradient, VerdictCodes.StalledWeights]);
        Assert.Equal(Severity.Fatal, r.Verdicts.Single(v => v.Code == VerdictCodes.ExplodingGradient).Severity);
        Assert.Equal(StopReason.StoppedByObserver, r.Training!.StopReason);
        Assert.StartsWith("exploding_gradient", r.Training.StopMessage);
    }

    [Fact]
    public void Strongly_negative_biases_kill_relu_units()
    {
        var r = Diagnose(Base(new ModelSection { Hidden = [128, 64], BiasInit = -1.5 }, new TrainingSection { Optimizer = OptimizerKind.Sgd, LearningRate = 0.01 }));
        Expect(r, [VerdictCodes.DeadRelu], [VerdictCodes.ExplodingGradient, VerdictCodes.NonFinite]);
        Assert.Contains(r.Verdicts.Single(v => v.Code == VerdictCodes.DeadRelu).Evidence,
            kv => kv.Key.EndsWith(".dead_unit_fraction", StringComparison.Ordinal) && kv.Value >= 0.5);
    }

    [Fact]
    public void A_sparse_but_healthy_relu_net_with_dropout_and_decay_gets_no_dead_relu()
    {
        // The quick start's winning kind of configuration: 80–90 % of outputs are zero, yet it trains well.
        var r = Diagnose(Base(new ModelSection { Hidden = [256, 128], Dropout = 0.1 },
            new TrainingSection { Optimizer = OptimizerKind.Adam, LearningRate = 0.009, WeightDecay = 5e-4, BatchSize = 128 }, epochs: 4));
        Assert.DoesNotContain(VerdictCodes.DeadRelu, Codes(r, Severity.Warning));
    }

    [Fact]
    public void A_deep_sigmoid_net_starves_its_first_layers()
    {
        var r = Diagnose(Base(new ModelSection { Hidden = Deep, Activation = ActivationKind.Sigmoid, Init = InitKind.Xavier },
            new TrainingSection { Optimizer = OptimizerKind.Sgd, LearningRate = 0.01 }));
        Expect(r, [VerdictCodes.VanishingGradient], [VerdictCodes.DeadRelu, VerdictCodes.ExplodingGradient, VerdictCodes.NonFinite]);
        var verdict = r.Verdicts.Single(v => v.Code == VerdictCodes.VanishingGradient);
        Assert.Equal("fc1", verdict.Layers[0]);
        Assert.True(verdict.Evidence["first_to_last_gradient_ratio"] < 1e-3);
        Assert.Contains(verdict.Fixes, f => f.Contains("relu", StringComparison.Ordinal));
        Assert.Contains(verdict.Fixes, f => f.Contains("batchNorm", StringComparison.Ordinal));
    }

    [Fact]
    public void Large_weights_saturate_a_sigmoid_layer()
    {
        var r = Diagnose(Base(new ModelSection { Hidden = [128, 64], Activation = ActivationKind.Sigmoid, Init = InitKind.Normal, InitStd = 0.5 }));
        Expect(r, [VerdictCodes.SaturatedActivation], [VerdictCodes.DeadRelu, VerdictCodes.NonFinite]);
        var verdict = r.Verdicts.Single(v => v.Code == VerdictCodes.SaturatedActivation);
        Assert.Contains("act1", verdict.Layers);
        Assert.Contains(verdict.Fixes, f => f.Contains("xavier", StringComparison.Ordinal));
    }

    [Fact]
    public void A_learning_rate_far_too_high_for_sgd_goes_non_finite_and_stops()
    {
        var r = Diagnose(Base(training: new TrainingSection { Optimizer = OptimizerKind.Sgd, LearningRate = 20 }));
        Expect(r, [VerdictCodes.NonFinite], [VerdictCodes.VanishingGradient, VerdictCodes.StalledWeights, VerdictCodes.Plateau]);
        Assert.Equal(StopReason.StoppedByObserver, r.Training!.StopReason);
        Assert.True(r.Training.Steps < 20);
        var verdict = r.Verdicts.Single(v => v.Code == VerdictCodes.NonFinite);
        // The batch was clean: the rate is the cause, named first, and the inputs are not suggested.
        Assert.StartsWith("lower the learning rate", verdict.Fixes[0]);
        Assert.DoesNotContain(verdict.Fixes, f => f.Contains("inputs", StringComparison.Ordinal));
        Assert.Contains("input batch was finite", verdict.Message);
    }

    /// <summary>Training with the health monitor alone, as a trial whose study ran its preflight on other data does.</summary>
    private static IReadOnlyList<HealthVerdict> TrainWithoutPreflight(Experiment experiment, TrainingData data)
    {
        using var monitor = new HealthMonitor(HealthOptions.From(experiment.Health));
        new Trainer(experiment).Train(data, [monitor]);
        return monitor.Verdicts;
    }

    [Fact]
    public void A_nan_in_a_training_batch_is_named_as_the_cause_and_the_rate_is_not_blamed()
    {
        var data = SmallData();
        var features = (float[])data.Train.Features.Clone();
        features[700 * data.Train.FeatureCount + 40] = float.NaN;
        var verdicts = TrainWithoutPreflight(Base(training: new TrainingSection { Optimizer = OptimizerKind.Sgd, LearningRate = 0.01 }),
            data with { Train = data.Train.WithFeatures(features) });
        var verdict = Assert.Single(verdicts, v => v.Code == VerdictCodes.NonFinite);
        Assert.Contains("input batch itself held NaN/Inf", verdict.Message);
        Assert.StartsWith("check the inputs", Assert.Single(verdict.Fixes));
    }

    [Fact]
    public void A_loss_that_overflows_before_the_first_update_blames_the_scale_and_initialisation_not_the_rate()
    {
        var data = SmallData();
        var huge = data.Train.Features.Select(v => v * 1e30f).ToArray();
        var verdicts = TrainWithoutPreflight(Base(new ModelSection { Hidden = [128, 64], Init = InitKind.Normal, InitStd = 10 }),
            data with { Train = data.Train.WithFeatures(huge) });
        var verdict = Assert.Single(verdicts, v => v.Code == VerdictCodes.NonFinite);
        Assert.Equal(0, verdict.Step);
        Assert.StartsWith("scale the inputs", verdict.Fixes[0]);
        Assert.Contains(verdict.Fixes, f => f.Contains("model.init: \"he\"", StringComparison.Ordinal));
        Assert.DoesNotContain(verdict.Fixes, f => f.Contains("learning rate", StringComparison.Ordinal));
    }

    [Fact]
    public void A_learning_rate_far_too_high_for_adam_makes_oversized_updates()
    {
        var r = Diagnose(Base(training: new TrainingSection { Optimizer = OptimizerKind.Adam, LearningRate = 0.5 }));
        Expect(r, [VerdictCodes.OversizedUpdates], [VerdictCodes.StalledWeights, VerdictCodes.RegularizationDominant]);
    }

    [Fact]
    public void A_learning_rate_far_too_low_stalls()
    {
        var r = Diagnose(Base(training: new TrainingSection { Optimizer = OptimizerKind.Sgd, LearningRate = 1e-7 }));
        Expect(r, [VerdictCodes.StalledWeights, VerdictCodes.Plateau],
            [VerdictCodes.OversizedUpdates, VerdictCodes.ExplodingGradient, VerdictCodes.DivergingLoss, VerdictCodes.NonFinite]);
        Assert.Contains(r.Verdicts.Single(v => v.Code == VerdictCodes.StalledWeights).Fixes, f => f.Contains("raise the learning rate", StringComparison.Ordinal));
    }

    [Fact]
    public void Aggressive_value_clipping_saturates_and_suggests_norm_clipping()
    {
        var r = Diagnose(Base(training: new TrainingSection { Clip = new ClipSection { Mode = ClipMode.Value, Threshold = 1e-5 } }));
        Expect(r, [VerdictCodes.ClipSaturation], [VerdictCodes.NonFinite, VerdictCodes.ExplodingGradient]);
        var verdict = r.Verdicts.Single(v => v.Code == VerdictCodes.ClipSaturation);
        Assert.Contains(verdict.Fixes, f => f.Contains("norm", StringComparison.Ordinal));
        Assert.All(verdict.Evidence.Values, v => Assert.True(v > 0.5));
    }

    [Fact]
    public void Unshuffled_data_sorted_by_label_oscillates_and_the_fix_is_shuffling()
    {
        var data = SmallData();
        var sorted = data with { Train = data.Train.Subset(Enumerable.Range(0, data.Train.Count).OrderBy(i => data.Train.Targets[i]).ToList()) };
        var training = new TrainingSection { Optimizer = OptimizerKind.Sgd, LearningRate = 0.05 };
        var r = Diagnose(Base(training: training) with { Data = new DataSection { Shuffle = false } }, sorted);
        Expect(r, [VerdictCodes.OscillatingLoss], [VerdictCodes.NonFinite, VerdictCodes.VanishingGradient]);
        Assert.StartsWith("shuffle", r.Verdicts.Single(v => v.Code == VerdictCodes.OscillatingLoss).Fixes[0]);

        var shuffled = Diagnose(Base(training: training), SmallData());
        Assert.DoesNotContain(VerdictCodes.OscillatingLoss, Codes(shuffled));
    }

    [Fact]
    public void Nan_in_the_inputs_stops_the_run_before_training_with_its_location()
    {
        var data = SmallData();
        var features = (float[])data.Train.Features.Clone();
        features[5 * data.Train.FeatureCount + 17] = float.NaN;
        features[9 * data.Train.FeatureCount + 3] = float.PositiveInfinity;
        var r = Diagnose(Base(), data with { Train = data.Train.WithFeatures(features) });
        Assert.Null(r.Training);
        var verdict = Assert.Single(r.Preflight, v => v.Code == VerdictCodes.InputNonFinite);
        Assert.Equal(Severity.Fatal, verdict.Severity);
        Assert.Equal(2, verdict.Evidence["count"]);
        Assert.Equal(17, verdict.Evidence["first_feature"]);
        Assert.Equal(data.Train.SourceRow(5), verdict.Evidence["first_row"]);
        Assert.Contains($"row {data.Train.SourceRow(5)}", verdict.Message);
    }

    [Fact]
    public void An_l2_much_larger_than_the_data_loss_dominates()
    {
        var r = Diagnose(Base(training: new TrainingSection { L2 = 1.0 }));
        Expect(r, [VerdictCodes.RegularizationDominant], [VerdictCodes.RegularizationNegligible]);
        Assert.Contains(r.Verdicts.Single(v => v.Code == VerdictCodes.RegularizationDominant).Fixes, f => f.Contains("lower l2", StringComparison.Ordinal));
    }

    [Fact]
    public void An_l2_much_smaller_than_the_data_loss_is_negligible_but_not_a_warning()
    {
        var r = Diagnose(Base(training: new TrainingSection { L2 = 1e-9 }));
        Expect(r, [VerdictCodes.RegularizationNegligible], [VerdictCodes.RegularizationDominant]);
        Assert.Equal(Severity.Info, r.Verdicts.Single(v => v.Code == VerdictCodes.RegularizationNegligible).Severity);
        Assert.True(r.Healthy, Describe(r));
    }

    [Fact]
    public void Every_verdict_carries_step_evidence_message_and_fixes()
    {
        var r = Diagnose(Base(new ModelSection { Hidden = Deep, Activation = ActivationKind.Sigmoid, Init = InitKind.Xavier },
            new TrainingSection { Optimizer = OptimizerKind.Sgd, LearningRate = 0.01 }));
        Assert.All(r.All, v =>
        {
            Assert.NotEmpty(v.Message);
            Assert.NotEmpty(v.Fixes);
            Assert.NotEmpty(v.Evidence);
            Assert.True(v.LastStep >= v.Step);
        });
        var vanishing = r.Verdicts.Single(v => v.Code == VerdictCodes.VanishingGradient);
        Assert.True(vanishing.Persists);
        Assert.True(vanishing.Occurrences > 1);
    }
}
