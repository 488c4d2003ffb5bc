using Microsoft.ML;

namespace TuneWise.MLNet.Tuning;

/// <summary>
/// What makes a tuning study of the API the same study when it is resumed: the data (columns with
/// their types and the row counts of both splits, after the featurizer) and the trainer (the
/// estimator factory's method, the prediction kind and the label column). Both go into the study
/// key, so other data or another trainer is refused with the field that differs.
/// </summary>
internal static class StudyIdentity
{
    /// <summary>The data's fingerprint, e.g. <c>Features:Vector&lt;Single, 4&gt;, Label:Key&lt;UInt32, 0-2&gt;; 300 + 100 rows</c>.</summary>
    public static string Of(IDataView train, IDataView validation) => $"{Columns(train)}; {Rows(train)} + {Rows(validation)} rows";

    /// <summary>The fingerprint of data scored by cross-validation: its columns, rows and number of folds.</summary>
    public static string Of(IDataView data, int folds) => $"{Columns(data)}; {Rows(data)} rows in {folds} folds";

    private static string Columns(IDataView view) => string.Join(", ", view.Schema.Where(c => !c.IsHidden).Select(c => $"{c.Name}:{c.Type}"));

    /// <summary>The trainer's identity: where its factory is defined, what it predicts and from which label.</summary>
    public static string Of(EstimatorFactory factory, PredictionKind kind, string labelColumn) =>
        $"{factory.Method.DeclaringType?.FullName}.{factory.Method.Name} ({kind}, label {labelColumn})";

    // Counted when the view does not know (a filtered or streamed view): a study's data is small enough to count.
    private static long Rows(IDataView view)
    {
        if (view.GetRowCount() is long known) return known;
        long count = 0;
        using var cursor = view.GetRowCursor([]);
        while (cursor.MoveNext()) count++;
        return count;
    }
}
