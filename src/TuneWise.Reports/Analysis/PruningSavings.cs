using TuneWise.Reports.Studies;

namespace TuneWise.Reports.Analysis;

/// <summary>The epochs a study trained, and the epochs its pruners spared by stopping trials early.</summary>
/// <param name="EpochsRun">Epochs the trials reported.</param>
/// <param name="EpochsSaved">Epochs the stopped trials would still have trained.</param>
internal sealed record PruningSavings(int EpochsRun, int EpochsSaved)
{
    /// <summary>The share of all planned epochs that were not trained.</summary>
    public double SavedShare => EpochsRun + EpochsSaved == 0 ? 0 : (double)EpochsSaved / (EpochsRun + EpochsSaved);

    /// <summary>Counts a study's epochs; a trial's plan is its <c>epochs</c> parameter when searched, else the experiment's.</summary>
    public static PruningSavings Of(ReportContent content)
    {
        int planned = content.Snapshot.Experiment.Training.Epochs;
        int run = content.Ranked.Sum(r => r.Epochs);
        int saved = content.Ranked.Where(r => r.Outcome is TrialOutcomeKind.Pruned or TrialOutcomeKind.Unhealthy)
            .Sum(r => Math.Max(0, (ParameterAxis.Number(r.Parameters.GetValueOrDefault("epochs")) is { } e ? (int)e : planned) - r.Epochs));
        return new PruningSavings(run, saved);
    }
}
