using TuneWise.Core.Experiments;
using TuneWise.Core.Health;
using TuneWise.Core.RangeTests;
using TuneWise.Core.Trials;
using TuneWise.Models.Data;
using TuneWise.Models.Health;
using TuneWise.Models.Health.Preflight;
using TuneWise.Models.RangeTest;
using TuneWise.Models.Training;
using TuneWise.Models.Zoo;

namespace TuneWise.Models.Tuning;

/// <summary>
/// Trains a tuning job's trials with TorchSharp: the trainer with the health monitor attached,
/// reporting every epoch and probe to the study. The data is loaded and split once, with the
/// experiment's seed, so every trial sees the same split; a trial's own seed (its
/// <c>training.seed</c>) drives only its initialisation, dropout and shuffling.
/// </summary>
public sealed class TorchTrialRunner : ITrialRunner
{
    private readonly Lazy<TrainingData> _data;
    private readonly ModelFactory? _modelFactory;

    /// <summary>Creates a runner for <paramref name="experiment"/>'s data.</summary>
    /// <param name="experiment">The base experiment: its data section and seed fix the split.</param>
    /// <param name="data">Data already loaded and split; null loads it from the experiment on first use.</param>
    /// <param name="modelFactory">A network of the user's own, in place of the model zoo's.</param>
    public TorchTrialRunner(Experiment experiment, TrainingData? data = null, ModelFactory? modelFactory = null)
    {
        _data = data is null ? new Lazy<TrainingData>(() => ExperimentData.Load(experiment)) : new Lazy<TrainingData>(data);
        _modelFactory = modelFactory;
    }

    /// <summary>The data every trial trains on.</summary>
    public TrainingData Data => _data.Value;

    /// <inheritdoc />
    public int? ValidationSamples => Data.Validation.Count;

    /// <inheritdoc />
    public int? ClassCount => Data.Train.Task == TaskKind.Classification ? Data.Train.ClassCount : null;

    /// <inheritdoc />
    public IReadOnlyList<HealthVerdict> Preflight(Experiment experiment, CancellationToken cancellation)
    {
        var trainer = new Trainer(experiment, _modelFactory);
        return PreflightChecks.Run(new PreflightContext(experiment, Data, () => trainer.BuildModel(Data), HealthOptions.From(experiment.Health).Thresholds));
    }

    /// <inheritdoc />
    /// <exception cref="RangeTestFailedException">The model cannot train at any rate tried.</exception>
    public LrRangeTestResult? RangeTest(Experiment experiment, CancellationToken cancellation) =>
        new LearningRateRangeTest(LrRangeTestOptions.From(experiment.Search.LrRangeTest)).Run(experiment, Data, cancellation: cancellation);

    /// <inheritdoc />
    public TrialOutcome Run(Experiment trial, ITrialContext context)
    {
        var trainer = new Trainer(trial, _modelFactory);
        // In a study the health pruner decides whether a sick run stops: with it switched off, the run trains on.
        using var monitor = new HealthMonitor(HealthOptions.From(trial.Health) with
        {
            StopOnFatal = trial.Search.Pruner.Health is not null,
            LearningRateCeiling = context.LearningRateCeiling,
        });
        var reporter = new TrialReporter(context, monitor);
        var checkpoint = context.CheckpointFolder is { } folder ? new TrainingCheckpoint(folder) : null;
        TrainingResult result;
        try
        {
            result = trainer.Train(Data, [monitor, reporter], context.Cancellation, checkpoint);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Remove(checkpoint);
            return new TrialOutcome
            {
                // libtorch's messages go on with a native stack of dozens of lines; the first line says what failed.
                End = TrialEnd.Failed, Error = e is Core.UserInputException ? e.Message : $"{e.GetType().Name}: {e.Message.Split('\n')[0].Trim()}", Verdicts = monitor.Verdicts,
            };
        }
        try
        {
            var last = EpochMetricsNames.OfLastEpoch(result);
            var objective = Objective.For(trial);
            double? value = objective.ValueIn(last);
            var end = result.StopReason switch
            {
                StopReason.Completed => TrialEnd.Completed,
                StopReason.Cancelled => TrialEnd.Cancelled,
                _ when reporter.Decision is { Unhealthy: false } => TrialEnd.Pruned,
                _ => TrialEnd.Unhealthy,
            };
            // A trial handed back keeps its checkpoint for whoever claims it next; an ended one needs it no more
            // (the best weights are kept apart, under the weights folder).
            if (end != TrialEnd.Cancelled) Remove(checkpoint);
            var stoppedBy = reporter.Decision
                ?? (end == TrialEnd.Unhealthy ? new PruneDecision("health", result.StopMessage ?? "stopped by the health monitor", result.Epochs.Count, Unhealthy: true) : null);
            string? weights = null;
            if (end == TrialEnd.Completed && value is { } v && context.KeepModel(v) && context.WeightsPath is { } path && trainer.Model is { } model)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                // Written beside and renamed into place: a full disk or a kill mid-write leaves the
                // previous weights whole, never a truncated file under the trial's name.
                var temporary = $"{path}.{Environment.ProcessId}.tmp";
                try
                {
                    model.save(temporary);
                    File.Move(temporary, path, overwrite: true);
                }
                finally
                {
                    if (File.Exists(temporary)) File.Delete(temporary);
                }
                weights = path;
            }
            return new TrialOutcome
            {
                End = end,
                Value = value,
                Metrics = last,
                Epochs = result.Epochs.Count,
                Steps = result.Steps,
                TrainSeconds = result.TrainSeconds,
                StoppedBy = end is TrialEnd.Pruned or TrialEnd.Unhealthy ? stoppedBy : null,
                Verdicts = monitor.Verdicts,
                HealthSeriesJson = new HealthSeries
                {
                    Probes = monitor.Samples,
                    // A sick trial's last steps show what happened between its probes; a healthy one's add nothing.
                    LastSteps = end == TrialEnd.Unhealthy || monitor.Verdicts.Any(v => v.Severity >= Severity.Warning) ? [.. monitor.Steps.TakeLast(HealthSeries.StepsKept)] : [],
                }.ToJson(),
                WeightsPath = weights,
            };
        }
        finally
        {
            trainer.Model?.Dispose();
        }
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double>? RetrainAndTest(Experiment best, CancellationToken cancellation)
    {
        if (Data.Test is null) return null;
        var combined = Concatenate(Data.Train, Data.Validation);
        // Validation is the test split here only so the trainer has something to evaluate each epoch; the score that counts is the test score.
        // Built from the split data so the target scaling (losses in target units) carries over.
        var data = Data with { Train = combined, Validation = Data.Test };
        var trainer = new Trainer(best, _modelFactory);
        var result = trainer.Train(data, cancellation: cancellation);
        trainer.Model?.Dispose();
        var metrics = new Dictionary<string, double>();
        if (result.TestLoss is { } loss) metrics["testLoss"] = loss;
        if (result.TestAccuracy is { } accuracy) metrics["testAccuracy"] = accuracy;
        return metrics;
    }

    // The trial's checkpoint, and the study's checkpoint folder once no trial keeps one there.
    private static void Remove(TrainingCheckpoint? checkpoint)
    {
        if (checkpoint is null) return;
        checkpoint.Delete();
        var parent = Path.GetDirectoryName(checkpoint.Folder);
        try
        {
            if (parent is not null && Directory.Exists(parent) && !Directory.EnumerateFileSystemEntries(parent).Any()) Directory.Delete(parent);
        }
        catch (IOException)
        {
            // Another worker wrote its checkpoint there meanwhile: the folder stays.
        }
    }

    private static Dataset Concatenate(Dataset a, Dataset b) =>
        new([.. a.Features, .. b.Features], [.. a.Targets, .. b.Targets], a.SampleShape, a.Task, a.ClassCount, a.Source,
            a.FeatureNames, a.ClassNames);
}
