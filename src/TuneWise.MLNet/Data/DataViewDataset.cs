using Microsoft.ML;
using Microsoft.ML.Data;
using TuneWise.Core.Experiments;
using TuneWise.Models.Data;

namespace TuneWise.MLNet.Data;

/// <summary>Reads an ML.NET <see cref="IDataView"/> with a float-vector feature column and a label column.</summary>
internal static class DataViewDataset
{
    /// <summary>Copies the view into memory.</summary>
    /// <param name="data">The view.</param>
    /// <param name="featureColumn">A column of type <c>Vector&lt;Single&gt;</c> (known size) or <c>Single</c>.</param>
    /// <param name="labelColumn">Single, Double, Int32, Boolean, String or a key type.</param>
    /// <param name="task">Classification or regression.</param>
    public static Dataset Load(IDataView data, string featureColumn = "Features", string labelColumn = "Label",
        TaskKind task = TaskKind.Classification)
    {
        const string source = "IDataView";
        var features = data.Schema.GetColumnOrNull(featureColumn)
            ?? throw new DataLoadException(source, $"feature column '{featureColumn}' not found (columns: {string.Join(", ", data.Schema.Select(c => c.Name))})");
        var label = data.Schema.GetColumnOrNull(labelColumn)
            ?? throw new DataLoadException(source, $"label column '{labelColumn}' not found (columns: {string.Join(", ", data.Schema.Select(c => c.Name))})");
        int width = features.Type switch
        {
            VectorDataViewType { ItemType: NumberDataViewType n, Size: > 0 } v when n.RawType == typeof(float) => v.Size,
            NumberDataViewType n when n.RawType == typeof(float) => 1,
            _ => throw new DataLoadException(source, $"feature column '{featureColumn}' must be a fixed-size vector of Single, got {features.Type}", column: featureColumn),
        };

        var values = new List<float>();
        var rawLabels = new List<object>();
        using (var cursor = data.GetRowCursor([features, label]))
        {
            var readFeatures = FeatureGetter(cursor, features, width);
            var readLabel = LabelGetter(cursor, label, source, labelColumn);
            var buffer = new float[width];
            while (cursor.MoveNext())
            {
                readFeatures(buffer);
                values.AddRange(buffer);
                rawLabels.Add(readLabel());
            }
        }
        if (rawLabels.Count == 0) throw new DataLoadException(source, "the dataset is empty");

        var featureNames = SlotNames(features, width);
        if (task == TaskKind.Regression)
        {
            var targets = rawLabels.Select(l => Convert.ToSingle(l, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            return new Dataset(values.ToArray(), targets, [width], task, 0, source, featureNames);
        }
        // A key label (what MapValueToKey makes) fixes the classes: key k is class k − 1, whether or not every key occurs.
        if (label.Type is KeyDataViewType { Count: > 0 and <= int.MaxValue } key)
        {
            var keyNames = KeyValues.Read(label)?.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToList()
                ?? Enumerable.Range(1, (int)key.Count).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            return new Dataset(values.ToArray(), rawLabels.Select(l => (float)(uint)l).ToArray(), [width], task, (int)key.Count, source, featureNames, keyNames);
        }
        if (label.Type is BooleanDataViewType)
            return new Dataset(values.ToArray(), rawLabels.Select(l => (float)(int)l).ToArray(), [width], task, 2, source, featureNames, ["False", "True"]);
        var names = rawLabels.Select(l => Convert.ToString(l, System.Globalization.CultureInfo.InvariantCulture)!).Distinct()
            .OrderBy(n => double.TryParse(n, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : double.MaxValue)
            .ThenBy(n => n, StringComparer.Ordinal).ToList();
        var index = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i);
        var classes = rawLabels.Select(l => (float)index[Convert.ToString(l, System.Globalization.CultureInfo.InvariantCulture)!]).ToArray();
        return new Dataset(values.ToArray(), classes, [width], task, names.Count, source, featureNames, names);
    }

    // The feature vector's slot names, as Concatenate writes them (the source columns' names), so a
    // finding about feature 8 names the column it came from; null when the vector has none.
    private static IReadOnlyList<string>? SlotNames(DataViewSchema.Column features, int width)
    {
        if (features.Type is not VectorDataViewType) return [features.Name];
        if (!features.HasSlotNames()) return null;
        VBuffer<ReadOnlyMemory<char>> names = default;
        features.GetSlotNames(ref names);
        if (names.Length != width) return null;
        var list = names.DenseValues().Select(n => n.ToString()).ToList();
        return list.All(n => n.Length > 0) ? list : null;
    }

    private static Action<float[]> FeatureGetter(DataViewRowCursor cursor, DataViewSchema.Column column, int width)
    {
        if (width == 1 && column.Type is NumberDataViewType)
        {
            var scalar = cursor.GetGetter<float>(column);
            return buffer => { float v = 0; scalar(ref v); buffer[0] = v; };
        }
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        var vector = default(VBuffer<float>);
        return buffer =>
        {
            getter(ref vector);
            vector.CopyTo(buffer); // densifies sparse vectors
        };
    }

    private static Func<object> LabelGetter(DataViewRowCursor cursor, DataViewSchema.Column column, string source, string name)
    {
        var type = column.Type;
        if (type is KeyDataViewType)
        {
            var g = cursor.GetGetter<uint>(column);
            // Key values are 1-based; 0 means missing.
            return () => { uint v = 0; g(ref v); return v == 0 ? throw new DataLoadException(source, "missing key label", column: name) : v - 1; };
        }
        return type.RawType switch
        {
            var t when t == typeof(float) => Scalar<float>(cursor, column),
            var t when t == typeof(double) => Scalar<double>(cursor, column),
            var t when t == typeof(int) => Scalar<int>(cursor, column),
            var t when t == typeof(long) => Scalar<long>(cursor, column),
            var t when t == typeof(bool) => () => { bool v = false; cursor.GetGetter<bool>(column)(ref v); return v ? 1 : 0; },
            var t when t == typeof(ReadOnlyMemory<char>) => () => { ReadOnlyMemory<char> v = default; cursor.GetGetter<ReadOnlyMemory<char>>(column)(ref v); return v.ToString(); },
            _ => throw new DataLoadException(source, $"label column type {type} is not supported", column: name),
        };
    }

    private static Func<object> Scalar<T>(DataViewRowCursor cursor, DataViewSchema.Column column) where T : struct
    {
        var g = cursor.GetGetter<T>(column);
        return () => { T v = default; g(ref v); return v; };
    }
}
