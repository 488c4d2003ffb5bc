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
}
