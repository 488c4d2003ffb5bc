using Microsoft.ML;
using TuneWise.Core.Experiments;
using TuneWise.Core.Trials;

namespace TuneWise.MLNet.Tuning;

/// <summary>
/// What a tuning run optimises: one of the metrics of ML.NET's evaluators, by its property name
/// (<c>MacroAccuracy</c>, <c>AreaUnderRocCurve</c>, <c>RSquared</c>…), and whether higher is better.
/// </summary>
public sealed record TuningMetric(string Name, ObjectiveDirection Direction, PredictionKind Kind)
{
    /// <summary>Multiclass: accuracy over all samples.</summary>
    public static TuningMetric MicroAccuracy { get; } = new(nameof(MicroAccuracy), ObjectiveDirection.Maximize, PredictionKind.Multiclass);
    /// <summary>Multiclass: accuracy averaged over classes.</summary>
    public static TuningMetric MacroAccuracy { get; } = new(nameof(MacroAccuracy), ObjectiveDirection.Maximize, PredictionKind.Multiclass);
    /// <summary>Multiclass: log loss.</summary>
    public static TuningMetric LogLoss { get; } = new(nameof(LogLoss), ObjectiveDirection.Minimize, PredictionKind.Multiclass);
    /// <summary>Binary: accuracy.</summary>
    public static TuningMetric Accuracy { get; } = new(nameof(Accuracy), ObjectiveDirection.Maximize, PredictionKind.Binary);
    /// <summary>Binary: area under the ROC curve.</summary>
    public static TuningMetric AreaUnderRocCurve { get; } = new(nameof(AreaUnderRocCurve), ObjectiveDirection.Maximize, PredictionKind.Binary);
    /// <summary>Binary: F1 score.</summary>
    public static TuningMetric F1Score { get; } = new(nameof(F1Score), ObjectiveDirection.Maximize, PredictionKind.Binary);
    /// <summary>Regression: coefficient of determination.</summary>
    public static TuningMetric RSquared { get; } = new(nameof(RSquared), ObjectiveDirection.Maximize, PredictionKind.Regression);
    /// <summary>Regression: root mean squared error.</summary>
    public static TuningMetric RootMeanSquaredError { get; } = new(nameof(RootMeanSquaredError), ObjectiveDirection.Minimize, PredictionKind.Regression);
    /// <summary>Regression: mean squared error.</summary>
    public static TuningMetric MeanSquaredError { get; } = new(nameof(MeanSquaredError), ObjectiveDirection.Minimize, PredictionKind.Regression);
    /// <summary>Regression: mean absolute error.</summary>
    public static TuningMetric MeanAbsoluteError { get; } = new(nameof(MeanAbsoluteError), ObjectiveDirection.Minimize, PredictionKind.Regression);

    /// <summary>The default metric of a kind, for every trainer: macro accuracy, AUC, R².</summary>
    public static TuningMetric DefaultFor(PredictionKind kind) => kind switch
    {
        PredictionKind.Multiclass => MacroAccuracy,
        PredictionKind.Binary => AreaUnderRocCurve,
        _ => RSquared,
    };

    /// <summary>
    /// The per-epoch metric the neural trainer reports that equals this one, computed on the
    /// validation split after every epoch (pruning needs it) by ML.NET's evaluators' definitions:
    /// the log loss is the validation cross-entropy; the regression errors are in the label's units.
    /// </summary>
    internal string NeuralMetric => Name switch
    {
        nameof(MicroAccuracy) or nameof(Accuracy) => Objective.ValidationAccuracy,
        nameof(MacroAccuracy) => Objective.ValidationMacroAccuracy,
        nameof(AreaUnderRocCurve) => Objective.ValidationAuc,
        nameof(F1Score) => Objective.ValidationF1,
        nameof(RSquared) => Objective.ValidationRSquared,
        nameof(RootMeanSquaredError) => Objective.ValidationRmse,
        nameof(MeanAbsoluteError) => Objective.ValidationMae,
        nameof(LogLoss) or nameof(MeanSquaredError) => Objective.ValidationLoss,
        _ => throw new ArgumentException($"the neural trainer does not report {Name} after each epoch"),
    };

    /// <summary>The mean of each metric over several evaluations (the folds of a cross-validation).</summary>
    internal static Dictionary<string, double> Mean(IEnumerable<Dictionary<string, double>> evaluations)
    {
        var all = evaluations.ToList();
        return all[0].Keys.ToDictionary(name => name, name => all.Average(e => e[name]));
    }

    /// <summary>Every metric ML.NET's evaluator for <paramref name="kind"/> gives on <paramref name="scored"/>, by property name.</summary>
    internal static Dictionary<string, double> Evaluate(MLContext ml, PredictionKind kind, IDataView scored, string labelColumn)
    {
        object metrics = kind switch
        {
            PredictionKind.Multiclass => ml.MulticlassClassification.Evaluate(scored, labelColumn),
            PredictionKind.Binary => scored.Schema.GetColumnOrNull("Probability") is null
                ? ml.BinaryClassification.EvaluateNonCalibrated(scored, labelColumn)
                : ml.BinaryClassification.Evaluate(scored, labelColumn),
            _ => ml.Regression.Evaluate(scored, labelColumn),
        };
        var values = new Dictionary<string, double>();
        foreach (var property in metrics.GetType().GetProperties())
            if (property.PropertyType == typeof(double) && property.GetValue(metrics) is double v) values[property.Name] = v;
        return values;
    }
}
