using TuneWise.Models.RangeTest;
using TuneWise.Models.Training;
using TuneWise.Core.Experiments;
using Xunit.Abstractions;

namespace TuneWise.Models.Tests.RangeTest;

/// <summary>
/// The recommended learning rate must train about as well as the best rate of a grid search.
/// Reproduces the README table:
/// <c>dotnet test tests/TuneWise.Models.Tests --filter RecommendationQuality --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Slow")]
public class RecommendationQualityTests(ITestOutputHelper output)
{
    private static readonly double[] Grid = Enumerable.Range(0, 11).Select(i => Math.Pow(10, -5 + i / 2.0)).ToArray();

    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.Adam)]
    public void The_recommended_rate_is_within_2_points_of_the_best_grid_rate_and_the_range_holds_it_on_fashion_mnist(OptimizerKind optimizer)
    {
        var data = ExperimentDataForMlp();
        var experiment = new Experiment
        {
            Seed = 11,
            Model = new ModelSection { Hidden = [256, 128] },
            Training = new TrainingSection { Optimizer = optimizer, Epochs = 3, BatchSize = 64 },
        };
        var range = new LearningRateRangeTest().Run(experiment, data);

        double Accuracy(double lr) => new Trainer(experiment with { Training = experiment.Training with { LearningRate = lr } })
            .Train(data).FinalValidationAccuracy!.Value;

        var grid = Grid.Select(lr => (lr, accuracy: Accuracy(lr))).ToList();
        var best = grid.MaxBy(g => g.accuracy);
        double recommended = Accuracy(range.Recommended);

        output.WriteLine($"| {optimizer} | {range.Recommended:G3} ({range.Suggestions.FirstOrDefault(s => s.LearningRate == range.Recommended)?.Rule ?? "moved into the range"}) | {recommended:P2} | {best.lr:G3} | {best.accuracy:P2} | {(best.accuracy - recommended) * 100:F2} | {range.Range.Lower:G3} – {range.Range.Upper:G3} |");
        output.WriteLine("suggestions: " + string.Join(", ", range.Suggestions.Select(s => $"{s.Rule}={s.LearningRate:G3}")) + $" diverged {range.DivergedAt:G3} stopped {range.StoppedAt:G3}; range: {range.Range.Rule}");
        output.WriteLine("grid: " + string.Join(", ", grid.Select(g => $"{g.lr:G2}→{g.accuracy:P1}")));
        // A range capped where ReLU units died in the sweep trades the best rate of this short
        // run for rates that survive long ones, and may end below it, but never by more than 10×.
        double reach = range.CappedByDeadUnits ? 10 : 3;
        Assert.True(range.Range.Upper >= best.lr / reach && range.Range.Lower <= best.lr * 3,
            $"{optimizer}: search range {range.Range.Lower:G3} … {range.Range.Upper:G3} misses the best grid rate {best.lr:G3} by more than {reach}×");
        Assert.InRange(range.Recommended, range.Range.Lower, range.Range.Upper);
        Assert.True(range.Recommended >= best.lr / 10 && range.Recommended <= best.lr * 10, $"{optimizer}: recommended {range.Recommended:G3} is more than 10× from the best grid rate {best.lr:G3}");
        Assert.True(best.accuracy - recommended <= 0.02,
            $"{optimizer}: recommended {range.Recommended:G3} reached {recommended:P2}, best grid rate {best.lr:G3} reached {best.accuracy:P2}");
    }

    // The bundled split: 9,000 training and 1,000 validation images.
    private static TuneWise.Models.Data.TrainingData ExperimentDataForMlp() =>
        TuneWise.Models.Data.ExperimentData.Prepare(TestData.FashionMnistTest, null, null, new DataSection { ValidationFraction = 0.1 }, 11);
}
