using TuneWise.Core.Health;
using TuneWise.Core.Trials;
using TuneWise.Search.Pruners;
using TuneWise.Search.Studies;
using TuneWise.Search.Storage;

namespace TuneWise.Search.Tuning;

/// <summary>
/// One trial as its runner sees the study: every epoch's objective goes to the storage and the
/// score pruners, every health probe's verdicts to the health pruner, and the budget can cut the
/// trial at an epoch boundary.
/// </summary>
internal sealed class TrialSession(
    int number, IReadOnlyDictionary<string, object> parameters, Study study, IStudyStorage storage, Objective objective, HealthPruner? healthPruner, IPruner? scorePruner,
    TuningBudget budget, ITuningObserver observer, string? weightsPath, string? checkpointFolder, double? learningRateCeiling, CancellationToken cancellation) : ITrialContext
{
    private readonly Dictionary<int, double> _scores = [];
    private IReadOnlyList<HealthVerdict> _verdicts = [];

    public int Number => number;
    public IReadOnlyDictionary<string, object> Parameters => parameters;
    public string? WeightsPath => weightsPath;
    public string? CheckpointFolder => checkpointFolder;
    public CancellationToken Cancellation => cancellation;
    public double? LearningRateCeiling => learningRateCeiling;

    public PruneDecision? ReportEpoch(int epoch, IReadOnlyDictionary<string, double> metrics)
    {
        observer.OnEpoch(number, epoch, metrics);
        // A non-finite value is not stored: the health monitor stops such a run, and pruners compare finite scores only.
        if (objective.ValueIn(metrics) is { } value && double.IsFinite(value))
        {
            double score = objective.Score(value);
            _scores[epoch] = score;
            storage.Report(number, epoch, score, study.Worker);
        }
        // One read of the study, after this epoch's report, serves the budget and the pruners alike.
        var view = new Lazy<IReadOnlyList<StoredTrial>>(() => storage.Trials(withHealthSeries: false));
        if (budget.Exhausted(() => view.Value) is { } limit) return new PruneDecision("budget", budget.Describe(limit), epoch);
        var progress = Progress();
        return (healthPruner?.Check(progress, []))
            ?? (scorePruner is null || _scores.Count == 0 ? null : study.ShouldPrune(progress, scorePruner, view.Value));
    }

    public PruneDecision? ReportHealth(int step, IReadOnlyList<HealthVerdict> verdicts)
    {
        _verdicts = verdicts;
        return healthPruner?.Check(Progress(), []);
    }

    public void ReportProgress(int epoch, int step, double loss) => observer.OnProgress(number, epoch, step, loss);

    public void ReportResumed(int epochsRestored, double? epochsLost) => observer.OnTrialResumed(number, epochsRestored, epochsLost);

    public bool KeepModel(double value)
    {
        if (weightsPath is null || !double.IsFinite(value)) return false;
        double score = objective.Score(value);
        return storage.Trials(withHealthSeries: false).Where(t => t.Record.Number != number && t.Record.IsUsableObservation).All(t => score < t.Record.Value!.Value);
    }

    private TrialProgress Progress() => new() { Number = number, Intermediate = new Dictionary<int, double>(_scores), Verdicts = _verdicts };
}
