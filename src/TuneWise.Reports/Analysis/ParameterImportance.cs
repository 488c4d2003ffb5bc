using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
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
public sealed record Importance(string Parameter, double Share, double? Correlation = null, int Trials = 0);

/// <summary>
/// Which parameters matter: an ML.NET FastForest regression fitted to the complete trials
/// (parameters on their axis scale → objective score), then permutation feature importance —
/// how much the forest's squared error grows when one parameter's values are shuffled. Shares are
/// the growths normalised to add up to 1 (negative growths count as 0).
/// </summary>
public static class ParameterImportance
{
    /// <summary>The fewest complete trials the forest is fitted to.</summary>
    public const int MinimumTrials = 6;

    /// <summary>Below this many complete trials the report says the ranking is rough: a forest fitted to a handful of points ranks by chance.</summary>
    public const int FirmTrials = 20;

    /// <summary>The method in words, as the report names it.</summary>
    public const string Method = "permutation importance on an ML.NET FastForest fitted to the complete trials";

    /// <summary>Importances, highest first, or null when the study has fewer than <see cref="MinimumTrials"/> complete trials or no parameter.</summary>
    public static IReadOnlyList<Importance>? Of(StudySnapshot snapshot, IReadOnlyList<ParameterAxis> axes)
    {
        var observations = snapshot.Trials.Where(t => t.Record.IsUsableObservation).ToList();
        if (axes.Count == 0 || observations.Count < MinimumTrials) return null;
        var rows = observations.Select(t => new Row
        {
            // An inactive conditional parameter (another optimizer's rate) sits at −1, apart from every real value.
            Features = axes.Select(a => (float)(a.ToUnit(t.Record.Parameters.GetValueOrDefault(a.Name)) ?? -1)).ToArray(),
            Label = (float)t.Record.Value!.Value,
        }).ToList();

        var ml = new MLContext(seed: 1);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, axes.Count);
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var forest = ml.Regression.Trainers.FastForest(new FastForestRegressionTrainer.Options
        {
            NumberOfTrees = 64,
            NumberOfLeaves = Math.Max(2, Math.Min(8, observations.Count / 3)),
            MinimumExampleCountPerLeaf = 2,
            FeatureFraction = 1,
            NumberOfThreads = 1,
        }).Fit(data);
        var permutations = ml.Regression.PermutationFeatureImportance(forest, data, permutationCount: 8);
        var growth = permutations.Select(p => Math.Max(0, p.MeanSquaredError.Mean)).ToArray();
        double total = growth.Sum();
        var values = observations.Select(t => snapshot.Objective.Value(t.Record.Value!.Value)).ToArray();
        return axes.Select((a, i) => new Importance(a.Name, total > 0 ? growth[i] / total : 0,
                Spearman(rows.Select(r => (double)r.Features[i]).ToArray(), values), observations.Count))
            .OrderByDescending(i => i.Share).ThenBy(i => i.Parameter, StringComparer.Ordinal).ToList();
    }

    // Spearman's rank correlation (MathNet); null when either side has too few distinct values to rank.
    private static double? Spearman(double[] x, double[] y)
    {
        if (x.Distinct().Count() < 3 || y.Distinct().Count() < 2) return null;
        double rho = MathNet.Numerics.Statistics.Correlation.Spearman(x, y);
        return double.IsFinite(rho) ? rho : null;
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];
        public float Label { get; set; }
    }
}
