using System.Globalization;
using TuneWise.Core.Experiments;
using TuneWise.Models.Data;
using TuneWise.Models.Training;

namespace TuneWise.Benchmarks;

/// <summary>
/// What on-the-fly augmentation (random crop with 4 pixels of padding, flip, random erasing at 0.5)
/// costs the overnight CNN per epoch, on the bundled 10,000 images: training-step seconds with and
/// without, alternated so a drift of the machine's speed falls on both.
/// </summary>
internal static class AugmentCostBenchmark
{
    public static string Run(int rounds)
    {
        var file = ExperimentLoader.Load(Path.Combine("experiments", "fashion-mnist-cnn-tune.json"));
        var plain = file with { Data = file.Data with { Path = Path.GetFullPath(Path.Combine("data", "fashion-mnist")) }, Training = file.Training with { Epochs = 1 } };
        var augmented = plain with { Data = plain.Data with { Augment = new AugmentSection { CropPadding = 4, Flip = true, Erasing = 0.5 } } };
        var data = ExperimentData.Load(plain);
        var seconds = new Dictionary<bool, List<double>> { [false] = [], [true] = [] };
        for (int round = 0; round < rounds; round++)
            foreach (bool augment in new[] { false, true })
                seconds[augment].Add(new Trainer(augment ? augmented : plain).Train(data).TrainSeconds);
        double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        double without = Median(seconds[false]), with = Median(seconds[true]);
        return string.Create(CultureInfo.InvariantCulture, $"""
            The overnight CNN, one epoch on {data.Train.Count:N0} images, median of {rounds} alternated rounds:

            | augmentation | training-step seconds per epoch |
            |---|---|
            | none | {without:F2} |
            | crop (padding 4), flip, erasing 0.5 | {with:F2} |
            | cost | {(with / without - 1):P1} |
            """);
    }
}
