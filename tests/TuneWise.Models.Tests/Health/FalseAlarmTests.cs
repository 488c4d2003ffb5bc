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
    public void A_regression_with_large_targets_is_not_an_explosion(double scale)
    {
        var experiment = new Experiment
        {
            Seed = 1,
            Data = new DataSection { Task = TaskKind.Regression },
            Model = new ModelSection { Hidden = [32] },
            Training = new TrainingSection { Epochs = 3, BatchSize = 32, Optimizer = OptimizerKind.Adam, LearningRate = 1e-3 },
            Health = new HealthSection { Cadence = 10 },
        };
        var r = Run(experiment, RegressionData.Make(scale));
        Assert.DoesNotContain(r.All, v => v.Code == VerdictCodes.ExplodingGradient);
        Assert.DoesNotContain(r.All, v => v.Severity == Severity.Fatal);
        Assert.Equal(TuneWise.Models.Training.StopReason.Completed, r.Training!.StopReason);
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
        Assert.DoesNotContain(VerdictCodes.StalledWeights, Codes(r, Severity.Warning));
    }
}
