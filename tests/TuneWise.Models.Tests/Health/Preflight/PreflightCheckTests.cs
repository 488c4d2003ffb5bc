using TorchSharp;
using TuneWise.Models.Data;
using TuneWise.Models.Health.Preflight;
using TuneWise.Models.Training;
using TuneWise.Core.Experiments;
using TuneWise.Core.Health;

namespace TuneWise.Models.Tests.Health.Preflight;

public class PreflightCheckTests
{
    private static IReadOnlyList<HealthVerdict> Run(Experiment experiment, TrainingData data, TuneWise.Models.Zoo.ModelFactory? factory = null)
    {
        var trainer = new Trainer(experiment, factory);
        return PreflightChecks.Run(new PreflightContext(experiment, data, () => trainer.BuildModel(data), HealthThresholds.Default));
    }

    private static Experiment Mlp(ModelSection? model = null) => new() { Seed = 2, Model = model ?? new ModelSection { Hidden = [32] } };

    [Fact]
    public void Sensible_data_and_model_pass_every_check()
    {
        Assert.Empty(Run(Mlp(), TestData.Small(1000)));
    }

    [Fact]
    public void Raw_pixel_values_are_unscaled()
    {
        var raw = ExperimentData.Prepare(TestData.FashionMnistTest, null, null, new DataSection { Normalize = NormalizeKind.None, TrainLimit = 500 }, 1);
        var verdict = Assert.Single(Run(Mlp(), raw), v => v.Code == VerdictCodes.InputUnscaled);
        Assert.Equal(Severity.Warning, verdict.Severity);
        Assert.True(verdict.Evidence["std"] > 10);
        Assert.Contains(verdict.Fixes, f => f.Contains("standardize", StringComparison.Ordinal));
    }

    [Fact]
    public void A_model_with_the_wrong_number_of_outputs_is_a_label_mismatch()
    {
        var findings = Run(Mlp(), TestData.Small(500), (shape, _) => torch.nn.Sequential(("flatten", torch.nn.Flatten()), ("out", torch.nn.Linear(784, 5))));
        var verdict = findings.First(v => v.Code == VerdictCodes.LabelMismatch);
        Assert.Equal(Severity.Fatal, verdict.Severity);
        Assert.Contains("5 scores per sample but the data has 10 classes", verdict.Message);
        // With impossible labels the model checks are skipped: their numbers would mean nothing.
        Assert.DoesNotContain(findings, v => v.Code == VerdictCodes.CannotOverfitSmallBatch);
    }

    [Fact]
    public void A_rare_class_is_an_imbalance_with_a_per_class_table()
    {
        var full = TestData.FashionMnistTest;
        var keep = Enumerable.Range(0, full.Count).Where(i => full.Targets[i] != 3 || i % 40 == 0).ToList();
        var data = ExperimentData.Prepare(full.Subset(keep), null, null, new DataSection { ValidationFraction = 0.2 }, 1);
        var verdict = Assert.Single(Run(Mlp(), data), v => v.Code == VerdictCodes.ClassImbalance);
        Assert.Contains("'Dress'", verdict.Message);
        Assert.Equal(10, verdict.Evidence.Count);
        Assert.True(verdict.Evidence["class_0.count"] > 10 * verdict.Evidence["class_3.count"]);
    }

    [Fact]
    public void A_validation_split_drawn_differently_is_a_split_shift()
    {
        var full = TestData.FashionMnistTest;
        var train = full.Subset(Enumerable.Range(0, 3000).ToList());
        var validation = full.Subset(Enumerable.Range(3000, 3000).Where(i => full.Targets[i] != 7).ToList());
        var data = new TrainingData(train, validation, null);
        var verdict = Assert.Single(Run(Mlp(), data), v => v.Code == VerdictCodes.SplitShift);
        Assert.Equal(0, verdict.Evidence["class_7.validation_share"]);
        Assert.Contains("'Sneaker'", verdict.Message);
    }

    [Fact]
    public void Large_initial_weights_put_the_initial_loss_far_from_ln_c()
    {
        var verdict = Assert.Single(Run(Mlp(new ModelSection { Hidden = [64], Init = InitKind.Normal, InitStd = 0.5 }), TestData.Small(500)),
            v => v.Code == VerdictCodes.InitialLossOff);
        Assert.Equal(Math.Log(10), verdict.Evidence["chance_loss"], 6);
        Assert.True(verdict.Evidence["initial_loss"] > 1.5 * Math.Log(10));
    }

    [Fact]
    public void A_model_with_all_zero_weights_cannot_overfit_one_batch_and_that_is_fatal()
    {
        var findings = Run(Mlp(new ModelSection { Hidden = [32, 32], Init = InitKind.Constant, InitValue = 0 }), TestData.Small(500));
        var verdict = Assert.Single(findings, v => v.Code == VerdictCodes.CannotOverfitSmallBatch);
        Assert.Equal(Severity.Fatal, verdict.Severity);
        Assert.Equal(0, verdict.Evidence["largest_weight_gradient"]);
    }

    [Fact]
    public void A_loss_that_turns_nan_is_reported_as_nan_not_as_missing_gradients()
    {
        // Weights of std 1e15 in three layers push the logits past float range: the loss is NaN at once.
        // The check runs on its own here: the initial-loss check would stop the preflight first.
        var experiment = Mlp(new ModelSection { Hidden = [32, 32], Init = InitKind.Normal, InitStd = 1e15 });
        var data = TestData.Small(500);
        var trainer = new Trainer(experiment);
        var findings = new SmallBatchOverfitCheck().Check(
            new PreflightContext(experiment, data, () => trainer.BuildModel(data), HealthThresholds.Default)).ToList();
        var verdict = Assert.Single(findings, v => v.Code == VerdictCodes.CannotOverfitSmallBatch);
        Assert.Contains("NaN/Inf", verdict.Message);
        Assert.DoesNotContain("No gradient reaches", verdict.Message);
        Assert.Equal(Severity.Warning, verdict.Severity);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_default_resnet_starts_near_chance(int seed)
    {
        // Measured in evaluation mode, batch norm's untouched running statistics made this 4.8 (ln 10 = 2.3).
        var experiment = new Experiment { Seed = seed, Model = new ModelSection { Kind = ModelKind.ResNet } };
        var data = TestData.Small(500);
        var trainer = new Trainer(experiment);
        var findings = new InitialLossCheck().Check(new PreflightContext(experiment, data, () => trainer.BuildModel(data), HealthThresholds.Default)).ToList();
        Assert.Empty(findings);
    }

    [Fact]
    public void Preflight_does_not_change_the_training_run()
    {
        var experiment = Mlp() with { Training = new TrainingSection { Epochs = 1 } };
        var data = TestData.Small(500);
        var before = new Trainer(experiment).Train(data).StepLosses;
        Run(experiment, data);
        Assert.Equal(before, new Trainer(experiment).Train(data).StepLosses);
    }
}
