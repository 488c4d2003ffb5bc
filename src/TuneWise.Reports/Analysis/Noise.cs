using TuneWise.Core.Trials;

namespace TuneWise.Reports.Analysis;

/// <summary>
/// How much of a difference between two trials is noise. An accuracy measured on n validation
/// samples is a binomial proportion: its standard error is √(p(1−p)/n), about 1.1 points at 0.87 on
/// 1,000 images. Two trials whose accuracies differ by less than 1.96 times the standard error of the
/// difference are tied: the study cannot tell them apart.
/// </summary>
internal static class Noise
{
    /// <summary>The z value of a two-sided 95 % interval.</summary>
    public const double Z95 = 1.96;

    /// <summary>How the standard error is computed, as the report says it.</summary>
    public const string Method = "binomial standard error √(p(1−p)/n) over the validation samples";

    /// <summary>The standard error of <paramref name="value"/>, or null when it cannot be known (a loss, or an unknown sample count).</summary>
    public static double? StandardError(Objective objective, double? value, int? validationSamples)
    {
        if (value is not { } p || !double.IsFinite(p) || validationSamples is not { } n || n <= 0) return null;
        if (objective.Metric != Objective.ValidationAccuracy || p < 0 || p > 1) return null;
        return Math.Sqrt(p * (1 - p) / n);
    }

    /// <summary>
    /// True when an accuracy is no better than guessing: within two standard errors of 1/classes
    /// (or two points of it when the validation size is unknown). Such a trial learnt nothing,
    /// whatever its state says.
    /// </summary>
    public static bool AtChance(Objective objective, double? value, int? classCount, int? validationSamples)
    {
        if (value is not { } p || classCount is not { } c || c < 2 || !objective.Metric.EndsWith("Accuracy", StringComparison.Ordinal)) return false;
        double chance = 1.0 / c;
        double margin = validationSamples is { } n && n > 0 ? 2 * Math.Sqrt(chance * (1 - chance) / n) : 0.02;
        return p <= chance + Math.Max(margin, 0.005);
    }

    /// <summary>
    /// The complete trials whose value is within noise of the best's (the best included), or just
    /// the best when the noise is unknown.
    /// </summary>
    /// <remarks>
    /// The trials share one validation set, so the true error of their difference is smaller than
    /// the independent-sample error used here: ties are, if anything, called too generously, never
    /// hidden.
    /// </remarks>
    public static IReadOnlySet<int> TiedWithBest(IReadOnlyList<TrialRow> ranked, Objective objective, int? validationSamples)
    {
        var complete = ranked.Where(r => r.Outcome == TrialOutcomeKind.Complete && r.Value is { } v && double.IsFinite(v)).ToList();
        if (complete.Count == 0) return new HashSet<int>();
        var best = complete[0];
        var tied = new HashSet<int> { best.Number };
        if (StandardError(objective, best.Value, validationSamples) is not { } bestError) return tied;
        foreach (var row in complete.Skip(1))
            if (StandardError(objective, row.Value, validationSamples) is { } error
                && Math.Abs(best.Value!.Value - row.Value!.Value) < Z95 * Math.Sqrt(bestError * bestError + error * error))
                tied.Add(row.Number);
        return tied;
    }

    /// <summary>
    /// The seed-to-seed spread of a study that ran some configuration more than once (a grid with
    /// repeats, an enqueued configuration, a resumed study): the pooled standard deviation of the
    /// values of complete trials with identical parameters, or null when no configuration repeats.
    /// </summary>
    public static SeedSpread? SpreadBetweenSeeds(IReadOnlyList<TrialRow> rows)
    {
        var repeats = rows.Where(r => r.Outcome == TrialOutcomeKind.Complete && r.Value is { } v && double.IsFinite(v))
            .GroupBy(r => string.Join("\u0001", r.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={ParameterAxis.Text(p.Value)}")))
            .Where(g => g.Count() >= 2).ToList();
        if (repeats.Count == 0) return null;
        double squares = repeats.Sum(g => { double mean = g.Average(r => r.Value!.Value); return g.Sum(r => Math.Pow(r.Value!.Value - mean, 2)); });
        int freedom = repeats.Sum(g => g.Count() - 1);
        return new SeedSpread(Math.Sqrt(squares / freedom), repeats.Count, repeats.Sum(g => g.Count()));
    }
}

/// <summary>How much one configuration's value varies from seed to seed.</summary>
/// <param name="StandardDeviation">The pooled standard deviation of the repeated configurations' values.</param>
/// <param name="Configurations">How many configurations ran more than once.</param>
/// <param name="Runs">How many complete trials those configurations had in all.</param>
internal sealed record SeedSpread(double StandardDeviation, int Configurations, int Runs);
