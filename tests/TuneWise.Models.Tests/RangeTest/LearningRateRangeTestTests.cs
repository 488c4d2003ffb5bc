using TorchSharp;
using TuneWise.Models.RangeTest;
using TuneWise.Models.Training;
using TuneWise.Core.Experiments;
using static TorchSharp.torch;

namespace TuneWise.Models.Tests.RangeTest;

public class LearningRateRangeTestTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static Experiment LinearSgd(int batchSize) => new()
    {
        Seed = 5,
        Data = new DataSection { Task = TaskKind.Regression },
        Model = new ModelSection { Hidden = [] },
        Training = new TrainingSection { Optimizer = OptimizerKind.Sgd, BatchSize = batchSize },
    };

    [Theory]
    [InlineData(32)]
    [InlineData(128)]
    [InlineData(256)]
    public void On_least_squares_the_divergence_point_is_within_a_factor_of_2_of_2_over_lambda_max(int batchSize)
    {
        var problem = new LeastSquaresProblem();
        var test = new LearningRateRangeTest(new LrRangeTestOptions { Start = 1e-4, End = 10, Steps = 200 });
        var result = test.Run(LinearSgd(batchSize), problem.Data);

        Assert.NotNull(result.DivergedAt);
        output.WriteLine($"batch {batchSize}: diverged at {result.DivergedAt:G3}, 2/λmax = {problem.DivergenceRate:G3}, recommended {result.Recommended:G3}");
        double ratio = result.DivergedAt!.Value / problem.DivergenceRate;
        Assert.True(ratio is > 0.5 and < 2, $"diverged at {result.DivergedAt:G3}, theory {problem.DivergenceRate:G3} (ratio {ratio:F2})");
        Assert.True(result.Recommended < problem.DivergenceRate, $"recommended {result.Recommended:G3} is not below {problem.DivergenceRate:G3}");
        Assert.True(result.Range.Upper <= result.DivergedAt && result.Range.Lower < result.Recommended);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(32)]
    [InlineData(128)]
    public void The_search_range_holds_a_rate_within_3x_of_the_best_grid_rate_whatever_the_batch(int batchSize)
    {
        // With the default sweep (1e-7 → 10, capped at one epoch) a noisy small-batch curve once put the
        // whole range at 7.7e-8 … 7.7e-6, 25,000× below the best rate: a tuning job would have been trapped there.
        var problem = new LeastSquaresProblem();
        var result = new LearningRateRangeTest().Run(LinearSgd(batchSize), problem.Data);
        var grid = new[] { 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3 };
        var losses = grid.Select(lr => new Trainer(LinearSgd(batchSize) with
        {
            Training = LinearSgd(batchSize).Training with { LearningRate = lr, Epochs = 2 },
        }).Train(problem.Data).Epochs[^1].ValidationLoss).ToList();
        double best = grid[losses.Select((l, i) => (double.IsFinite(l) ? l : double.MaxValue, i)).Min().i];
        output.WriteLine($"batch {batchSize}: grid best {best:G3}; range {result.Range.Lower:G3} … {result.Range.Upper:G3}, recommended {result.Recommended:G3}, diverged at {result.DivergedAt:G3}");
        Assert.True(result.Range.Upper >= best / 3 && result.Range.Lower <= best * 3,
            $"range {result.Range.Lower:G3} … {result.Range.Upper:G3} misses the grid's best {best:G3} by more than 3×");
        // The recommendation printed beside the range lies inside it, within 10× of the grid's best.
        Assert.InRange(result.Recommended, result.Range.Lower, result.Range.Upper);
        Assert.True(result.Recommended >= best / 10 && result.Recommended <= best * 10,
            $"recommended {result.Recommended:G3} is more than 10× from the grid's best {best:G3}");
    }

    [Fact]
    public void The_test_leaves_no_trace_on_the_model_and_optimizer()
    {
        var experiment = TestData.Experiment(new TrainingSection { Optimizer = OptimizerKind.Adam, BatchSize = 32 },
            new ModelSection { Hidden = [32], Dropout = 0.3, BatchNorm = true });
        var data = TestData.Small(trainLimit: 500);
        using var x = Trainer.ToInputs(data.Train).narrow(0, 0, 32);
        using var y = Trainer.ToTargets(data.Train).narrow(0, 0, 32);

        // Two identical models and optimizers, each trained a few steps so Adam has state.
        (nn.Module<Tensor, Tensor> Model, optim.Optimizer Optimizer) Make()
        {
            var model = new Trainer(experiment).BuildModel(data);
            var opt = OptimizerFactory.Create(model.parameters(), experiment.Training);
            for (int i = 0; i < 3; i++) Step(model, opt, x, y);
            return (model, opt);
        }
        var (tested, testedOpt) = Make();
        var (twin, twinOpt) = Make();

        manual_seed(99);
        using var randomBefore = get_rng_state();
        new LearningRateRangeTest(new LrRangeTestOptions { Steps = 30 }).Run(tested, testedOpt, experiment, data);
        using var randomAfter = get_rng_state();
        Assert.True(randomBefore.equal(randomAfter).all().item<bool>(), "the random state changed");

        // The same next step (same dropout mask) on both must give identical weights: this also
        // checks that Adam's moments and step count were restored.
        manual_seed(99);
        Step(tested, testedOpt, x, y);
        manual_seed(99);
        Step(twin, twinOpt, x, y);

        var after = tested.state_dict();
        foreach (var (name, value) in twin.state_dict())
            Assert.True(value.equal(after[name]).all().item<bool>(), $"{name} differs after the range test");
        Assert.Equal(testedOpt.ParamGroups.Single().LearningRate, twinOpt.ParamGroups.Single().LearningRate);
    }

    private static void Step(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        model.train();
        optimizer.zero_grad();
        nn.functional.cross_entropy(model.call(x), y).backward();
        optimizer.step();
    }

    [Fact]
    public void The_sweep_stops_early_when_the_loss_explodes()
    {
        var problem = new LeastSquaresProblem();
        var result = new LearningRateRangeTest(new LrRangeTestOptions { Start = 1e-3, End = 1e4, Steps = 100 }).Run(LinearSgd(64), problem.Data);
        Assert.True(result.Points.Count < 100);
        Assert.Contains(result.StopReason, new[] { "diverged", "non_finite" });
        Assert.Equal(result.Points[^1].LearningRate, result.StoppedAt);
        Assert.True(result.DivergedAt <= result.StoppedAt);
        // The gradient-norm trace shows the explosion.
        Assert.True(result.Points[^1].GradientNorm > 10 * result.Points.Min(p => p.GradientNorm));
    }

    [Fact]
    public void A_linear_sweep_raises_the_rate_by_equal_steps()
    {
        var options = new LrRangeTestOptions { Start = 0.1, End = 1.0, Steps = 10, Mode = LrSweepMode.Linear };
        Assert.Equal(0.1, options.LearningRateAt(0, 10), 12);
        Assert.Equal(0.2, options.LearningRateAt(1, 10), 12);
        Assert.Equal(1.0, options.LearningRateAt(9, 10), 12);
        var exp = options with { Mode = LrSweepMode.Exponential };
        Assert.Equal(Math.Pow(10, 1.0 / 9), exp.LearningRateAt(1, 10) / exp.LearningRateAt(0, 10), 9);
    }

    [Theory]
    [InlineData(64, 100)]
    [InlineData(256, 35)]
    [InlineData(4096, 10)]
    public void By_default_the_test_costs_at_most_one_epoch_of_the_bundled_data(int batchSize, int expectedSteps)
    {
        // The bundled split: 9,000 training images.
        var options = new LrRangeTestOptions();
        int steps = options.StepsFor(9000 / batchSize);
        Assert.Equal(expectedSteps, steps);
        Assert.True(steps * batchSize <= 9000 || steps == 10);
        Assert.Equal(250, new LrRangeTestOptions { Steps = 250 }.StepsFor(9000 / batchSize));
    }

    [Theory]
    [InlineData(1.0, 0.1, 100, "end must be > start")]
    [InlineData(0.0, 1.0, 100, "start must be > 0")]
    [InlineData(-1.0, 1.0, 100, "start must be > 0")]
    [InlineData(1e-5, 1.0, 9, "steps must be >= 10")]
    public void Bad_settings_are_refused_with_a_reason(double start, double end, int steps, string message)
    {
        var error = Assert.Throws<TuneWise.Core.UserInputException>(() => new LearningRateRangeTest(new LrRangeTestOptions { Start = start, End = end, Steps = steps }));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_model_that_cannot_train_is_reported()
    {
        // All-zero weights in a ReLU net: no gradient reaches any weight and balanced classes leave the bias nothing to learn.
        var experiment = TestData.Experiment(new TrainingSection { Optimizer = OptimizerKind.Sgd },
            new ModelSection { Hidden = [32, 32], Init = InitKind.Constant, InitValue = 0 });
        var error = Assert.Throws<RangeTestFailedException>(() =>
            new LearningRateRangeTest(new LrRangeTestOptions { Start = 1e-5, End = 1e-1, Steps = 40 }).Run(experiment, TestData.Small(trainLimit: 1000)));
        Assert.Contains("cannot train", error.Message);
    }

    [Fact]
    public void The_validation_loss_can_drive_the_test()
    {
        var result = new LearningRateRangeTest(new LrRangeTestOptions { Start = 1e-5, End = 10, Steps = 40, UseValidationLoss = true, ValidationSamples = 200 })
            .Run(TestData.Experiment(), TestData.Small(trainLimit: 1000));
        Assert.True(result.UsedValidationLoss);
        Assert.Equal(3, result.Suggestions.Count);
        Assert.True(result.Points.Min(p => p.Loss) < result.Points[0].Loss);
    }

    [Trait("Category", "Slow")]
    [Fact]
    public void Each_optimizer_gets_its_own_range()
    {
        var data = TestData.Small(trainLimit: 2000);
        var test = new LearningRateRangeTest();
        var sgd = test.Run(TestData.Experiment(), data, OptimizerKind.Sgd);
        var adam = test.Run(TestData.Experiment(), data, OptimizerKind.Adam);
        Assert.Equal("sgd", sgd.Range.Optimizer);
        Assert.Equal("adam", adam.Range.Optimizer);
        // Adam's per-parameter scaling makes it diverge at far lower rates than SGD.
        Assert.True(adam.Recommended < sgd.Recommended, $"adam {adam.Recommended:G3} vs sgd {sgd.Recommended:G3}");
    }
}
