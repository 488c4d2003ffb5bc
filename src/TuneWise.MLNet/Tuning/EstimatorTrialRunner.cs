using Microsoft.ML;
using TuneWise.Core.Experiments;
using TuneWise.Core.Health;
using TuneWise.Core.RangeTests;
using TuneWise.Core.Trials;

namespace TuneWise.MLNet.Tuning;

/// <summary>
/// Trains the trials of a tuning run with ML.NET estimators from a factory (LightGBM, FastTree, SDCA,
/// L-BFGS…): each trial fits once on the training view and is scored by ML.NET's evaluator on the
/// validation view (or once per fold of a cross-validation, scored by the folds' mean), reported as one epoch. No gradient health is measured; everything else of a
/// study (samplers, pruning across trials, storage, resume, the report) applies.
/// </summary>
internal sealed class EstimatorTrialRunner(EstimatorFactory factory, IReadOnlyList<(IDataView Train, IDataView Validation)> splits, PredictionKind kind, string labelColumn, int seed)
    : ITrialRunner
{
    public IReadOnlyList<HealthVerdict> Preflight(Experiment experiment, CancellationToken cancellation) => [];

    public LrRangeTestResult? RangeTest(Experiment experiment, CancellationToken cancellation) => null;

    public TrialOutcome Run(Experiment trial, ITrialContext context)
    {
        // One context per trial: cancelling it (Ctrl+C, or a skip) stops this trial's training only.
        var ml = new MLContext(trial.Training.Seed ?? seed);
        using var stop = context.Cancellation.Register(() => Cancel(ml));
        using var skip = TrialSkips.OnSkip(context, () => Cancel(ml));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            // One split, or the folds of a cross-validation: the trial's metrics are their mean.
            var evaluations = new List<Dictionary<string, double>>();
            foreach (var (train, validation) in splits)
            {
                var model = factory(ml, new TrialParameters(context.Number, context.Parameters)).Fit(train);
                if (TrialSkips.Requested(context) is { } skippedAfterFit) return new TrialOutcome { End = TrialEnd.Pruned, StoppedBy = skippedAfterFit };
                evaluations.Add(TuningMetric.Evaluate(ml, kind, model.Transform(validation), labelColumn));
            }
            double seconds = clock.Elapsed.TotalSeconds;
            var metrics = TuningMetric.Mean(evaluations);
            var objective = Objective.For(trial);
            var decision = context.ReportEpoch(0, metrics);
            return new TrialOutcome
            {
                End = decision is null ? TrialEnd.Completed : TrialEnd.Pruned,
                StoppedBy = decision,
                Value = objective.ValueIn(metrics),
                Metrics = metrics,
                Epochs = 1,
                TrainSeconds = seconds,
            };
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            return new TrialOutcome { End = TrialEnd.Cancelled };
        }
        catch (OperationCanceledException) when (TrialSkips.Requested(context) is { } skipped)
        {
            return new TrialOutcome { End = TrialEnd.Pruned, StoppedBy = skipped };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new TrialOutcome { End = TrialEnd.Failed, Error = e.Message };
        }
    }

    // ML.NET's trainers stop when their context is cancelled (AutoML stops trials this way), but
    // MLContext.CancelExecution is internal; without it a skip takes effect when the fit returns.
    private static readonly System.Reflection.MethodInfo? CancelExecution =
        typeof(MLContext).GetMethod("CancelExecution", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public, []);

    private static void Cancel(MLContext ml) => CancelExecution?.Invoke(ml, null);

    public IReadOnlyDictionary<string, double>? RetrainAndTest(Experiment best, CancellationToken cancellation) => null;
}
