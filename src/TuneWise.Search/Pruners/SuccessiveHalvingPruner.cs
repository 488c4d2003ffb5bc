using TuneWise.Core.Trials;
namespace TuneWise.Search.Pruners;

/// <summary>
/// Asynchronous successive halving (ASHA; Li et al. 2020): rungs at steps r·η^k; a trial that
/// reaches a rung goes on only if its value is in the top 1/η of the values recorded at that rung
/// so far (its own included). Reduction factor η = 3 by default (the literature's 3–4).
/// </summary>
public sealed class SuccessiveHalvingPruner(int minResource = 1, int reductionFactor = 3) : IPruner
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
        return new PruneDecision("asha", $"value {value:G4} at rung {rung} (step {step}) is not in the top {keep} of {atRung.Count} (cut-off {cutoff:G4})", step);
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
