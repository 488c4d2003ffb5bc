using Microsoft.ML;
using Microsoft.ML.Data;

namespace TuneWise.MLNet.Data;

/// <summary>Reads the values behind a key column (the <c>KeyValues</c> annotation that MapValueToKey writes), whatever their type.</summary>
internal static class KeyValues
{
    /// <summary>The value of each key in order (key 1 first), as the annotation's own type (text as <see cref="string"/>); null when the column has none.</summary>
    public static IReadOnlyList<object>? Read(DataViewSchema.Column column)
    {
        if (column.Annotations.Schema.GetColumnOrNull("KeyValues") is not { Type: VectorDataViewType vector })
            return null;
        var read = typeof(KeyValues).GetMethod(nameof(ReadTyped), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(vector.ItemType.RawType);
        return (IReadOnlyList<object>)read.Invoke(null, [column])!;
    }

    private static IReadOnlyList<object> ReadTyped<T>(DataViewSchema.Column column)
    {
        var buffer = default(VBuffer<T>);
        column.GetKeyValues(ref buffer);
        return buffer.DenseValues().Select(v => v is ReadOnlyMemory<char> text ? text.ToString() : (object)v!).ToList();
    }
}
