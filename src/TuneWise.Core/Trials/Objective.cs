using TuneWise.Core.Experiments;

namespace TuneWise.Core.Trials;

/// <summary>
/// The metric a study optimises and its direction. Samplers and pruners work on "lower is better"
/// scores; this is the one place that turns a metric into a score and back.
/// </summary>
/// <param name="Metric">The metric's name, one of <see cref="MetricNames"/>.</param>
/// <param name="Direction">Whether higher or lower is better.</param>
public sealed record Objective(string Metric, ObjectiveDirection Direction)
{
    /// <summary>Validation accuracy (classification only).</summary>
    public const string ValidationAccuracy = "validationAccuracy";
    /// <summary>Mean validation loss.</summary>
    public const string ValidationLoss = "validationLoss";
    /// <summary>Mean training loss of the epoch.</summary>
    public const string TrainLoss = "trainLoss";
    /// <summary>Training accuracy of the epoch (classification only).</summary>
    public const string TrainAccuracy = "trainAccuracy";

    /// <summary>Validation accuracy averaged over the classes (each class's recall; classification only).</summary>
    public const string ValidationMacroAccuracy = "validationMacroAccuracy";
    /// <summary>Area under the ROC curve of the positive class on validation (two classes only).</summary>
    public const string ValidationAuc = "validationAuc";
    /// <summary>F1 score of the positive class on validation (two classes only).</summary>
    public const string ValidationF1 = "validationF1";
    /// <summary>Coefficient of determination on validation (regression only).</summary>
    public const string ValidationRSquared = "validationRSquared";
    /// <summary>Root mean squared error on validation, in the target's units (regression only).</summary>
    public const string ValidationRmse = "validationRmse";
    /// <summary>Mean absolute error on validation, in the target's units (regression only).</summary>
    public const string ValidationMae = "validationMae";

    /// <summary>Every metric a trial reports per epoch.</summary>
    public static IReadOnlyList<string> MetricNames { get; } =
        [ValidationAccuracy, ValidationLoss, TrainLoss, TrainAccuracy, ValidationMacroAccuracy, ValidationAuc, ValidationF1, ValidationRSquared, ValidationRmse, ValidationMae];

    /// <summary>The metrics for which higher is better; every other one is minimised by default.</summary>
    public static IReadOnlySet<string> HigherIsBetter { get; } =
        new HashSet<string>([ValidationAccuracy, TrainAccuracy, ValidationMacroAccuracy, ValidationAuc, ValidationF1, ValidationRSquared], StringComparer.Ordinal);

    /// <summary>The metrics only a classification reports (the AUC and F1 only with two classes).</summary>
    public static IReadOnlySet<string> ClassificationOnly { get; } =
        new HashSet<string>([ValidationAccuracy, TrainAccuracy, ValidationMacroAccuracy, ValidationAuc, ValidationF1], StringComparer.Ordinal);

    /// <summary>The metrics only a regression reports.</summary>
    public static IReadOnlySet<string> RegressionOnly { get; } = new HashSet<string>([ValidationRSquared, ValidationRmse, ValidationMae], StringComparer.Ordinal);

    /// <summary>The objective an experiment asks for, with its defaults filled in.</summary>
    public static Objective For(Experiment experiment)
    {
        var section = experiment.Search.Objective;
        var metric = section.Metric ?? (experiment.Data.Task == TaskKind.Classification ? ValidationAccuracy : ValidationLoss);
        var direction = section.Direction ?? (HigherIsBetter.Contains(metric) ? ObjectiveDirection.Maximize : ObjectiveDirection.Minimize);
        return new Objective(metric, direction);
    }

    /// <summary>The score samplers and pruners minimise.</summary>
    public double Score(double value) => Direction == ObjectiveDirection.Maximize ? -value : value;

    /// <summary>The metric's value of a stored score.</summary>
    public double Value(double score) => Direction == ObjectiveDirection.Maximize ? -score : score;

    /// <summary>The objective's value among an epoch's metrics, or null when the epoch did not report it.</summary>
    public double? ValueIn(IReadOnlyDictionary<string, double> metrics) => metrics.TryGetValue(Metric, out var v) ? v : null;

    /// <summary>True when <paramref name="a"/> is better than <paramref name="b"/>.</summary>
    public bool IsBetter(double a, double b) => Score(a) < Score(b);

    /// <inheritdoc />
    public override string ToString() => $"{(Direction == ObjectiveDirection.Maximize ? "maximize" : "minimize")} {Metric}";
}
