using TuneWise.Core.Trials;
using TuneWise.Models.Training;

namespace TuneWise.Models.Tuning;

/// <summary>An epoch's metrics by the names a study's objective uses (<see cref="Objective.MetricNames"/>).</summary>
internal static class EpochMetricsNames
{
    public static IReadOnlyDictionary<string, double> ToDictionary(EpochMetrics epoch)
    {
        var metrics = new Dictionary<string, double>
        {
            [Objective.ValidationLoss] = epoch.ValidationLoss,
            [Objective.TrainLoss] = epoch.TrainLoss,
        };
        if (epoch.ValidationAccuracy is { } va) metrics[Objective.ValidationAccuracy] = va;
        if (epoch.TrainAccuracy is { } ta) metrics[Objective.TrainAccuracy] = ta;
        foreach (var (name, value) in new[]
        {
            (Objective.ValidationMacroAccuracy, epoch.ValidationMacroAccuracy), (Objective.ValidationAuc, epoch.ValidationAuc), (Objective.ValidationF1, epoch.ValidationF1),
            (Objective.ValidationRSquared, epoch.ValidationRSquared), (Objective.ValidationRmse, epoch.ValidationRmse), (Objective.ValidationMae, epoch.ValidationMae),
        })
            if (value is { } v) metrics[name] = v;
        return metrics;
    }

    /// <summary>The last epoch's metrics, the ones a run ends with; none when it trained no epoch.</summary>
    public static IReadOnlyDictionary<string, double> OfLastEpoch(TrainingResult result) =>
        result.Epochs.Count > 0 ? ToDictionary(result.Epochs[^1]) : new Dictionary<string, double>();
}
