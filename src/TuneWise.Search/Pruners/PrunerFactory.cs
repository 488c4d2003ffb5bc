using TuneWise.Core.Experiments;

namespace TuneWise.Search.Pruners;

/// <summary>Builds the pruners an experiment's <c>search.pruner</c> asks for.</summary>
internal static class PrunerFactory
{
    /// <summary>
    /// The health pruner (judged at every health probe) and the score pruners (judged at every
    /// epoch: ASHA and median, with patience around them), each null when switched off.
    /// </summary>
    /// <param name="section">The experiment's <c>search.pruner</c>.</param>
    /// <param name="objective">The study's objective, so reasons name the metric as the user reads it.</param>
    public static (HealthPruner? Health, IPruner? Score) From(PrunerSection section, Core.Trials.Objective? objective = null)
    {
        var health = section.Health is { } h ? new HealthPruner(h.Persistence, h.WarmupEpochs, h.Ignore.ToHashSet()) : null;
        var score = new List<IPruner>();
        if (section.Asha is { } asha) score.Add(new SuccessiveHalvingPruner(asha.MinEpochs, asha.ReductionFactor, objective));
        if (section.Median is { } median) score.Add(new PercentilePruner(median.Percentile, median.StartupTrials, median.WarmupEpochs, objective));
        IPruner? combined = score.Count switch { 0 => null, 1 => score[0], _ => new CompositePruner([.. score]) };
        if (combined is not null && section.Patient is { } patient) combined = new PatientPruner(combined, patient.Patience, patient.MinDelta);
        return (health, combined);
    }
}
