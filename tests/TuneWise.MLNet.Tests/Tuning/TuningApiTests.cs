using Microsoft.ML;
using TuneWise.Core.Trials;
using TuneWise.MLNet.Tuning;
using TuneWise.Search.Studies;

namespace TuneWise.MLNet.Tests.Tuning;

/// <summary>What an AutoML user reaches for: cancellation with a result, a limit on failures, a monitor, metrics of ML.NET's evaluators.</summary>
public class TuningApiTests
{
    private static (IDataView Train, IDataView Validation) Prices(MLContext ml) => (SyntheticData.Prices(ml, 60, 1), SyntheticData.Prices(ml, 100, 2));

    private sealed class Recorder(Action<TrialResult>? onCompleted = null) : ITuningMonitor
    {
        public List<TrialResult> Running { get; } = [];
        public List<TrialResult> Ended { get; } = [];
        public List<TrialResult> Best { get; } = [];
        public void ReportRunningTrial(TrialResult trial) => Running.Add(trial);
        public void ReportCompletedTrial(TrialResult trial) { Ended.Add(trial); onCompleted?.Invoke(trial); }
        public void ReportPrunedTrial(TrialResult trial) => Ended.Add(trial);
        public void ReportFailedTrial(TrialResult trial) => Ended.Add(trial);
        public void ReportBestTrial(TrialResult trial) => Best.Add(trial);
    }

    [Fact]
    public async Task Cancelling_after_some_trials_returns_the_best_trial_so_far()
    {
        var ml = new MLContext(1);
        var (train, validation) = Prices(ml);
        using var cancel = new CancellationTokenSource();
        int completed = 0;
        var monitor = new Recorder(_ => { if (++completed == 4) cancel.Cancel(); });
        var result = await PriceLightGbm.Experiment(ml, train, validation).SetBudget(trials: 50).SetMonitor(monitor).RunAsync(cancellation: cancel.Token);

        Assert.True(result.Cancelled);
        Assert.InRange(result.Study.Trials.Count, 4, 6);
        var best = result.Trials.Where(t => t.State == TrialState.Complete).MaxBy(t => t.Metric)!;
        Assert.Equal(best.Number, result.Parameters.Trial);
        // The returned model is the best trial trained again: the same R² on the validation rows.
        Assert.Equal(best.Metric!.Value, result.ValidationMetrics["RSquared"], 6);
    }

    [Fact]
    public async Task Cancelling_before_any_trial_completes_is_a_cancellation()
    {
        var ml = new MLContext(1);
        var (train, validation) = Prices(ml);
        using var cancel = new CancellationTokenSource();
        var run = PriceLightGbm.Experiment(ml, train, validation).SetBudget(trials: 5)
            .SetTrainer(PredictionKind.Regression, (context, p) => { cancel.Cancel(); throw new OperationCanceledException(cancel.Token); }, "Price")
            .RunAsync(cancellation: cancel.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task A_trainer_that_always_fails_ends_the_study_after_the_limit_with_its_error()
    {
        var ml = new MLContext(1);
        var (train, validation) = Prices(ml);
        var monitor = new Recorder();
        var run = PriceLightGbm.Experiment(ml, train, validation).SetBudget(trials: 50, maxFailuresInARow: 3).SetMonitor(monitor)
            .SetTrainer(PredictionKind.Regression, (context, p) => throw new InvalidOperationException("the factory is broken"), "Price")
            .RunAsync();
        var e = await Assert.ThrowsAsync<StudyFailingException>(() => run).WaitAsync(TimeSpan.FromMinutes(5));
        Assert.Contains("3 trials failed in a row", e.Message);
        Assert.Contains("the factory is broken", e.Message);
        Assert.Equal(3, monitor.Ended.Count);
        Assert.All(monitor.Ended, t => Assert.Equal(TrialState.Failed, t.State));
        Assert.All(monitor.Ended, t => Assert.Equal("the factory is broken", t.Error));
    }

    [Fact]
    public async Task The_monitor_hears_every_trial_and_each_new_best_with_metric_and_duration()
    {
        var ml = new MLContext(1);
        var (train, validation) = Prices(ml);
        var monitor = new Recorder();
        var result = await PriceLightGbm.Experiment(ml, train, validation).SetBudget(trials: 6).SetMonitor(monitor).RunAsync();

        Assert.Equal(6, monitor.Running.Count);
        Assert.All(monitor.Running, t => Assert.Equal(TrialState.Running, t.State));
        Assert.Equal(6, monitor.Ended.Count);
        Assert.All(monitor.Ended, t => Assert.True(t.Duration > TimeSpan.Zero && t.Metric is not null, $"trial {t.Number}"));
        // Each best beats the one before, and the last is the study's best.
        Assert.True(monitor.Best.Zip(monitor.Best.Skip(1)).All(p => p.Second.Metric > p.First.Metric));
        Assert.Equal(result.Parameters.Trial, monitor.Best[^1].Number);
        Assert.Equal(result.Trials.Where(t => t.State == TrialState.Complete).Max(t => t.Metric), monitor.Best[^1].Metric);
    }

    [Theory]
    [InlineData(nameof(TuningMetric.AreaUnderRocCurve))]
    [InlineData(nameof(TuningMetric.F1Score))]
    public async Task The_neural_trainer_is_tuned_on_a_binary_metric_of_MLNETs_evaluator(string metricName)
    {
        var ml = new MLContext(1);
        var metric = (TuningMetric)typeof(TuningMetric).GetProperty(metricName)!.GetValue(null)!;
        var result = await ml.CreateTuningExperiment().SetName("binary-" + metricName)
            .SetDataset(SyntheticData.Binary(ml, 300, 1), SyntheticData.Binary(ml, 200, 2))
            .SetFeaturizer(ml.Transforms.Concatenate("Features", "A", "B", "C"))
            .SetNeuralNetwork(PredictionKind.Binary, new NeuralNetworkOptions { HiddenLayers = [8], NumberOfEpochs = 10, BatchSize = 32 })
            .SetMetric(metric)
            .SetSearchSpace(s => s.Float("learningRate", 1e-3, 3e-2, log: true))
            .SetBudget(trials: 3).SetReport(null).RunAsync();

        var best = result.Trials.Single(t => t.Number == result.Parameters.Trial);
        Assert.True(best.Metric is > 0.8 and <= 1.0, $"trial {best.Number}: {best.Metric}, evaluator {result.ValidationMetrics[metricName]}");
        // The trial's own per-epoch value equals ML.NET's evaluator on the returned (retrained) model.
        Assert.Equal(result.ValidationMetrics[metricName], best.Metric.Value, 4);
    }

    [Fact]
    public async Task The_neural_trainer_is_tuned_on_RMSE_in_the_labels_units_read_with_its_sign()
    {
        var ml = new MLContext(1);
        var result = await ml.CreateTuningExperiment().SetName("prices-rmse")
            .SetDataset(SyntheticData.Prices(ml, 300, 1), SyntheticData.Prices(ml, 200, 2))
            .SetFeaturizer(ml.Transforms.Concatenate("Features", "Rooms", "Area", "Age"))
            .SetNeuralNetwork(PredictionKind.Regression, new NeuralNetworkOptions { LabelColumnName = "Price", HiddenLayers = [16], NumberOfEpochs = 5 })
            .SetMetric(TuningMetric.RootMeanSquaredError)
            .SetSearchSpace(s => s.Float("learningRate", 1e-3, 3e-2, log: true))
            .SetBudget(trials: 3).SetReport(null).RunAsync();

        var complete = result.Trials.Where(t => t.State == TrialState.Complete).ToList();
        Assert.All(complete, t => Assert.True(t.Metric > 0, $"trial {t.Number}: {t.Metric}"));
        var best = complete.MinBy(t => t.Metric)!;
        Assert.Equal(best.Number, result.Parameters.Trial);
        Assert.Equal(result.ValidationMetrics["RootMeanSquaredError"], best.Metric!.Value, 3);
    }

    [Fact]
    public async Task A_bad_range_or_budget_is_refused_before_any_trial_in_the_calls_names()
    {
        var ml = new MLContext(1);
        var (train, validation) = Prices(ml);
        var monitor = new Recorder();
        var space = await Assert.ThrowsAsync<ArgumentException>(() => PriceLightGbm.Experiment(ml, train, validation).SetMonitor(monitor)
            .SetSearchSpace(s => s.Float("learningRate", 0, 0.5, log: true).Int("numberOfLeaves", 2, 64)).SetBudget(trials: 0).RunAsync());
        Assert.Contains("SetSearchSpace: learningRate", space.Message);
        Assert.Contains("SetBudget's trials must be > 0, got 0", space.Message);
        Assert.DoesNotContain("search.", space.Message);
        Assert.Empty(monitor.Running);
    }

    [Fact]
    public async Task Cross_validation_scores_each_trial_by_the_mean_over_its_folds()
    {
        var ml = new MLContext(1);
        var data = SyntheticData.Prices(ml, 150, 1);
        var result = await PriceLightGbm.Experiment(ml, data, data).SetDataset(data, folds: 3).SetBudget(trials: 4).RunAsync();

        var best = result.Trials.Single(t => t.Number == result.Parameters.Trial);
        // The returned metrics are the best configuration's mean over the same three folds: the trial's own value.
        Assert.Equal(best.Metric!.Value, result.ValidationMetrics["RSquared"], 6);
        Assert.Equal(4, result.Trials.Count(t => t.State == TrialState.Complete));

        var neural = await Assert.ThrowsAsync<InvalidOperationException>(() => ml.CreateTuningExperiment().SetDataset(data, folds: 3)
            .SetNeuralNetwork(PredictionKind.Regression, new NeuralNetworkOptions { LabelColumnName = "Price" }).RunAsync());
        Assert.Contains("cross-validation folds are for SetTrainer's estimators", neural.Message);
    }
}
