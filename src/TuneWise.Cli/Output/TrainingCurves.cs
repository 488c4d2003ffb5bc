using TuneWise.Models.Training;
using TuneWise.Reports.Charts;

namespace TuneWise.Cli.Output;

/// <summary>Draws a run's per-epoch train and validation loss.</summary>
internal static class TrainingCurves
{
    public static void Write(string path, string name, TrainingResult result)
    {
        var epochs = result.Epochs.Select(e => (double)(e.Epoch + 1)).ToList();
        var series = new List<Series>
        {
            new("train loss", epochs, result.Epochs.Select(e => e.TrainLoss).ToList()),
            new("validation loss", epochs, result.Epochs.Select(e => e.ValidationLoss).ToList()),
        };
        if (result.Epochs.Any(e => e.TrainRegularizationLoss > 0))
            series.Add(new Series("l2 loss", epochs, result.Epochs.Select(e => e.TrainRegularizationLoss).ToList()));
        LineChart.Write(path, name, "epoch", "loss", series);
    }
}
