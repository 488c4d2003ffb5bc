using System.Globalization;
using TuneWise.Core.Trials;

namespace TuneWise.Search.Pruners;

/// <summary>
/// How a pruner's reason names values: pruners compare scores (lower is better, an accuracy
/// negated), but a person reads "accuracy 0.856 … needed ≥ 0.858", not "value -0.856 … cut-off -0.858".
/// </summary>
internal sealed record PruneWording(string Metric, Func<double, double> ToValue, string Comparison)
{
    /// <summary>The wording for <paramref name="objective"/>, or plain scores when there is none.</summary>
    public static PruneWording Of(Objective? objective) => objective is null
        ? new("value", v => v, "≤")
        : new(objective.Metric, objective.Value, objective.Direction == Core.Experiments.ObjectiveDirection.Maximize ? "≥" : "≤");

    /// <summary>A score as the user's value, four significant digits.</summary>
    public string Value(double score) => ToValue(score).ToString("G4", CultureInfo.InvariantCulture);
}
