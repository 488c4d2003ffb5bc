using TuneWise.Core.Trials;
namespace TuneWise.Search.Pruners;

/// <summary>
/// Asynchronous successive halving (ASHA; Li et al. 2020): rungs at steps r·η^k; a trial that
/// reaches a rung goes on only if its value is in the top 1/η of the values recorded at that rung
/// so far (its own included). Reduction factor η = 3 by default (the literature's 3–4).
/// </summary>
/// <param name="minResource">The step of the first rung.</param>
/// <param name="reductionFactor">η: the top 1/η go on at each rung.</param>
/// <param name="objective">Words the reason in the metric the user reads (accuracy, not its negated score); null words it in scores.</param>
public sealed class SuccessiveHalvingPruner(int minResource = 1, int reductionFactor = 3, Objective? objective = null) : IPruner
{
    /// <inheritdoc />
    public PruneDecision? Check(TrialProgress trial, IReadOnlyList<TrialProgress> study)
    {
        if (reductionFactor < 2) throw new ArgumentOutOfRangeException(nameof(reductionFactor), reductionFactor, "must be >= 2");
        int step = trial.LastStep;
        int rung = RungAt(step);
        if (rung < 0) return null;
        double value = trial.Intermediate[step];
        var atRung = study.Where(t => t.Number != trial.Number && t.Intermediate.ContainsKey(step)).Select(t => t.Intermediate[step])
            .Append(value).Order().ToList();
        // Asynchronous: decide with whoever has reached the rung; with fewer than η there is no top 1/η yet.
        if (atRung.Count < reductionFactor) return null;
        int keep = Math.Max(1, atRung.Count / reductionFactor);
        double cutoff = atRung[keep - 1];
        if (value <= cutoff) return null;
        // Reasons are read by people: the metric as they know it, rungs and epochs counted from 1.
        var words = PruneWording.Of(objective);
        return new PruneDecision("asha",
            $"{words.Metric} {words.Value(value)} after epoch {step + 1} (rung {rung + 1}) is not in the top {keep} of {atRung.Count} trials there (needed {words.Comparison} {words.Value(cutoff)})", step);
    }

    /// <summary>The rung whose step is exactly <paramref name="step"/>, or −1.</summary>
    public int RungAt(int step)
    {
        long resource = minResource;
        for (int rung = 0; resource <= step; rung++, resource *= reductionFactor)
            if (resource == step) return rung;
        return -1;
    }
}
