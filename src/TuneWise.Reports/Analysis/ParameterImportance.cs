using TuneWise.Reports.Studies;

namespace TuneWise.Reports.Analysis;

/// <summary>One parameter's share of the objective's explained variation.</summary>
/// <param name="Parameter">The parameter.</param>
/// <param name="Share">Its share in [0, 1]; the shares of a study add up to 1 unless all are 0.</param>
/// <param name="Correlation">
/// Spearman's rank correlation of the parameter (on its axis) with the objective as the user reads
/// it, over the complete trials: above 0, raising the parameter went with a higher value. Null for a
/// parameter with fewer than three values tried.
/// </param>
/// <param name="Trials">How many complete trials the importance was learnt from.</param>
internal sealed record Importance(string Parameter, double Share, double? Correlation = null, int Trials = 0);

/// <summary>
/// Which parameters matter: the first-order terms of a functional ANOVA of an additive model fitted
/// to the complete trials. Each parameter's values are cut into groups (its choices; a numeric axis
/// into about √n quantile bins; trials where a conditional parameter does not apply form a group of
/// their own), the objective is fitted as a sum of one step function per parameter by backfitting
/// (each function the group means of what the others leave), and a parameter's importance is the
/// variance of its function over the trials, less what noise alone would give a function with as
/// many groups. Fitting all parameters together keeps a parameter that does not matter from taking
/// credit for one that does when the random draws happened to pair them; interactions are not
/// attributed, as in the first-order view of fANOVA that Optuna's importance plots show. It needs no
/// fitted forest, which kept a fresh report of 200 trials from loading ML.NET (0.4 s).
/// </summary>
internal static class ParameterImportance
{
    /// <summary>The fewest complete trials an importance is computed from.</summary>
    public const int MinimumTrials = 6;

    /// <summary>Below this many complete trials the report says the ranking is rough: a handful of points ranks by chance.</summary>
    public const int FirmTrials = 20;

    /// <summary>The method in words, as the report names it.</summary>
    public const string Method = "the share of the objective's variance each parameter's own effect explains (first-order functional ANOVA of an additive fit to the complete trials)";

    /// <summary>Most groups a numeric parameter is cut into.</summary>
    private const int MaximumBins = 10;

    /// <summary>Importances, highest first, or null when the study has fewer than <see cref="MinimumTrials"/> complete trials or no parameter.</summary>
    public static IReadOnlyList<Importance>? Of(StudySnapshot snapshot, IReadOnlyList<ParameterAxis> axes)
    {
        var observations = snapshot.Trials.Where(t => t.Record.IsUsableObservation).ToList();
        if (axes.Count == 0 || observations.Count < MinimumTrials) return null;
        var values = observations.Select(t => snapshot.Objective.Value(t.Record.Value!.Value)).ToArray();
        var groups = new int[axes.Count][];
        var correlations = new double?[axes.Count];
        for (int i = 0; i < axes.Count; i++)
        {
            // Null where a conditional parameter does not apply (another optimizer's rate).
            var x = observations.Select(t => axes[i].ToUnit(t.Record.Parameters.GetValueOrDefault(axes[i].Name))).ToArray();
            groups[i] = Groups(x, axes[i].IsCategorical);
            correlations[i] = Spearman(x.Select(v => v ?? -1).ToArray(), values);
        }
        var explained = EffectVariances(groups, values);
        double total = explained.Sum();
        return axes.Select((a, i) => new Importance(a.Name, total > 0 ? explained[i] / total : 0, correlations[i], observations.Count))
            .OrderByDescending(i => i.Share).ThenBy(i => i.Parameter, StringComparer.Ordinal).ToList();
    }

    // Backfitting of y ≈ mean + Σ f_j(group_j), then each f_j's variance over the trials less its
    // expected variance from noise alone, (k_j − 1)/n of the residual variance.
    private static double[] EffectVariances(int[][] groups, double[] y)
    {
        int n = y.Length, p = groups.Length;
        double mean = y.Average();
        var effects = new double[p][];
        for (int j = 0; j < p; j++) effects[j] = new double[n];
        var residual = y.Select(v => v - mean).ToArray();
        for (int sweep = 0; sweep < 50; sweep++)
        {
            double change = 0;
            for (int j = 0; j < p; j++)
            {
                // What the others leave: the residual with this parameter's own effect put back.
                var partial = residual.Select((r, t) => r + effects[j][t]).ToArray();
                var groupMean = groups[j].Zip(partial).GroupBy(g => g.First, g => g.Second).ToDictionary(g => g.Key, g => g.Average());
                double centre = groups[j].Average(g => groupMean[g]);
                for (int t = 0; t < n; t++)
                {
                    double updated = groupMean[groups[j][t]] - centre;
                    change = Math.Max(change, Math.Abs(updated - effects[j][t]));
                    residual[t] = partial[t] - updated;
                    effects[j][t] = updated;
                }
            }
            if (change < 1e-12 * (1 + Math.Abs(mean))) break;
        }
        int freedom = groups.Sum(g => g.Distinct().Count() - 1);
        double noise = n - freedom - 1 > 0 ? residual.Sum(r => r * r) / (n - freedom - 1) : 0;
        return effects.Select((f, j) => Math.Max(0, f.Sum(v => v * v) / n - (groups[j].Distinct().Count() - 1) * noise / n)).ToArray();
    }

    // The group of each trial: its choice, or its quantile bin of the values tried; −1 where the parameter does not apply.
    private static int[] Groups(double?[] x, bool categorical)
    {
        var active = x.Where(v => v is not null).Select(v => v!.Value).Order().ToArray();
        var distinct = active.Distinct().ToArray();
        int bins = Math.Clamp((int)Math.Round(Math.Sqrt(active.Length)), 2, MaximumBins);
        return x.Select(v => v is not { } value ? -1
            : categorical || distinct.Length <= bins ? Array.BinarySearch(distinct, value)
            // The quantile of the value among those tried, cut into equal-count bins.
            : Math.Min(bins - 1, Array.BinarySearch(active, value) is var at and >= 0 ? FirstIndex(active, at) * bins / active.Length : 0)).ToArray();
    }

    private static int FirstIndex(double[] sorted, int at)
    {
        while (at > 0 && sorted[at - 1] == sorted[at]) at--;
        return at;
    }

    // Spearman's rank correlation (MathNet); null when either side has too few distinct values to rank.
    private static double? Spearman(double[] x, double[] y)
    {
        if (x.Distinct().Count() < 3 || y.Distinct().Count() < 2) return null;
        double rho = MathNet.Numerics.Statistics.Correlation.Spearman(x, y);
        return double.IsFinite(rho) ? rho : null;
    }
}
