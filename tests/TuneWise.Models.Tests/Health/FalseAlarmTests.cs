using Xunit.Abstractions;
using TuneWise.Core.Experiments;
using TuneWise.Core.Health;
using TuneWise.Models.Health;
using static TuneWise.Models.Tests.Health.HealthScenarios;

namespace TuneWise.Models.Tests.Health;

/// <summary>Healthy runs that look unusual: each must end without a warning or a fatal verdict.</summary>
public class FalseAlarmTests
{
    private readonly ITestOutputHelper _output;

    public FalseAlarmTests(ITestOutputHelper output) => _output = output;

    private DiagnosisResult Run(Experiment experiment, Models.Data.TrainingData data)
    {
        var r = Diagnosis.Run(experiment, data);
        _output.WriteLine($"{Describe(r)}; final train loss {r.Training?.Epochs[^1].TrainLoss:G4}, validation loss {r.Training?.Epochs[^1].ValidationLoss:G4}");
        return r;
    }

    [Theory]
    [InlineData(50)]
    [InlineData(1e2)]
    [InlineData(1e4)]
    [InlineData(1e6)]
    public void A_regression_with_large_targets_trains_without_a_single_warning(double scale)
    {
        var experiment = new Experiment
        {
            Seed = 1,
            Data = new DataSection { Task = TaskKind.Regression },
            Model = new ModelSection { Hidden = [32] },
            Training = new TrainingSection { Epochs = 3, BatchSize = 32, Optimizer = OptimizerKind.Adam, LearningRate = 1e-3 },
            Health = new HealthSection { Cadence = 10 },
        };
        var data = RegressionData.Make(scale);
        var r = Run(experiment, data);
        Assert.DoesNotContain(r.All, v => v.Severity == Severity.Fatal);
        // Targets are standardised for training (data.normalizeTarget): the plateau and the failed
        // small-batch fit seen on raw targets of order 10² and more are gone.
        Assert.Empty(Codes(r, Severity.Warning));
        Assert.Equal(TuneWise.Models.Training.StopReason.Completed, r.Training!.StopReason);
        // Losses are reported in the target's own units: the spread of y is 0.3·scale, so the first
        // epoch's error is a fraction of that squared, and the model has learnt most of it.
        double spread = 0.3 * scale;
        Assert.InRange(r.Training.Epochs[^1].ValidationLoss, 1e-5 * spread * spread, 0.2 * spread * spread);
        Assert.Equal(spread * spread, data.LossScale, spread * spread * 0.1);
    }

    [Fact]
    public void Without_target_normalisation_the_losses_are_the_raw_ones()
    {
        var data = RegressionData.Make(1e4, normalizeTarget: false);
        Assert.Equal(1, data.LossScale);
        Assert.InRange(data.Train.Targets.Average(t => t), 0.9e4, 1.1e4);
    }

    private static Experiment Identity(int batchSize, int epochs, ModelSection? model = null, double learningRate = 0.01) => new()
    {
        Seed = 2,
        Data = new DataSection { Task = TaskKind.Regression },
        Model = model ?? new ModelSection { Hidden = [16], Init = InitKind.Xavier, Activation = ActivationKind.Tanh },
        Training = new TrainingSection { Epochs = epochs, BatchSize = batchSize, Optimizer = OptimizerKind.Sgd, LearningRate = learningRate },
        Health = new HealthSection { Cadence = 50 },
    };

    [Fact]
    public void Plain_sgd_at_batch_size_1_is_noisy_not_oscillating()
    {
        var r = Run(Identity(batchSize: 1, epochs: 3), RegressionData.Identity());
        Assert.Empty(Codes(r, Severity.Warning));
    }

    [Fact]
    public void Tiny_initial_weights_at_batch_size_1_are_slow_not_diverging()
    {
        var r = Run(Identity(batchSize: 1, epochs: 3, new ModelSection { Hidden = [16], Init = InitKind.Normal, InitStd = 1e-3, Activation = ActivationKind.Tanh }),
            RegressionData.Identity());
        Assert.DoesNotContain(VerdictCodes.DivergingLoss, Codes(r, Severity.Warning));
        Assert.DoesNotContain(VerdictCodes.OscillatingLoss, Codes(r, Severity.Warning));
    }

    [Fact]
    public void A_converged_model_takes_tiny_steps_and_that_is_not_a_stall()
    {
        // A linear model learns y = x exactly: the loss falls to almost nothing, and so do the updates.
        var r = Run(Identity(batchSize: 8, epochs: 10, new ModelSection { Hidden = [] }, learningRate: 0.05), RegressionData.Identity());
        Assert.True(r.Training!.Epochs[^1].TrainLoss < 1e-6, $"the model did not converge: {r.Training.Epochs[^1].TrainLoss:G3}");
        // Neither a stall at the optimum nor "oversized" first updates of the fresh weights.
        Assert.Empty(Codes(r, Severity.Warning));
    }
}
