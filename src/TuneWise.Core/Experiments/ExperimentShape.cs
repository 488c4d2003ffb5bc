using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TuneWise.Core.Experiments;

/// <summary>
/// Checks the shape of an experiment file before it is read into an <see cref="Experiment"/>:
/// every unknown field, every field given twice, and every number too large for its field, each
/// with its JSON path and line. The JSON reader alone stops at the first unknown field and lets a
/// repeated field silently win.
/// </summary>
internal static class ExperimentShape
{
    /// <summary>The problems found; empty when the shape is right (values are checked later).</summary>
    public static IReadOnlyList<ExperimentError> Check(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var lineStarts = LineStarts(bytes);
        var errors = new List<ExperimentError>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return errors;
            Walk(ref reader, typeof(Experiment), "$", errors, lineStarts);
        }
        catch (JsonException)
        {
            // Syntax errors are described by the deserializer, with its own wording.
        }
        return errors;
    }

    // Reader is on the StartObject of an object of type `type`.
    private static void Walk(ref Utf8JsonReader reader, Type type, string path, List<ExperimentError> errors, int[] lineStarts)
    {
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var dictionaryValue = DictionaryValueType(type);
        var properties = dictionaryValue is null ? Properties(type) : null;
        var required = dictionaryValue is null ? NonNullable(type) : null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string name = reader.GetString()!;
            int line = Line(reader.TokenStartIndex, lineStarts);
            string child = path == "$" ? name : $"{path}.{name}";
            if (seen.TryGetValue(name, out int first))
                errors.Add(new ExperimentError(child, $"is given twice (lines {first} and {line}); keep one"));
            else seen[name] = line;
            reader.Read();
            Type? valueType = dictionaryValue;
            if (properties is not null)
            {
                if (!properties.TryGetValue(name, out var property))
                {
                    errors.Add(new ExperimentError(child, $"is not a known field (line {line}){Suggestion(name, properties.Keys)}"));
                    reader.Skip();
                    continue;
                }
                valueType = property;
                if (reader.TokenType == JsonTokenType.Null && required!.Contains(name))
                {
                    // A null section or list would reach the code as a missing object; say so here instead.
                    errors.Add(new ExperimentError(child, $"is null (line {line}); give a value, or leave the field out to use its default"));
                    continue;
                }
            }
            Value(ref reader, valueType, child, errors, lineStarts);
        }
    }

    private static void Value(ref Utf8JsonReader reader, Type? type, string path, List<ExperimentError> errors, int[] lineStarts)
    {
        var target = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject when target is not null && target != typeof(JsonElement) && !target.IsPrimitive && target != typeof(string):
                Walk(ref reader, target, path, errors, lineStarts);
                break;
            case JsonTokenType.StartArray when target is not null && ElementType(target) is { } element:
                for (int i = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; i++)
                    Value(ref reader, element, $"{path}[{i}]", errors, lineStarts);
                break;
            case JsonTokenType.Number:
                Number(ref reader, target, path, errors, lineStarts);
                break;
            default:
                reader.Skip();
                break;
        }
    }

    private static void Number(ref Utf8JsonReader reader, Type? target, string path, List<ExperimentError> errors, int[] lineStarts)
    {
        string text = Encoding.UTF8.GetString(reader.ValueSpan);
        int line = Line(reader.TokenStartIndex, lineStarts);
        bool parsed = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value);
        if (!parsed || !double.IsFinite(value))
            errors.Add(new ExperimentError(path, $"is too large for a number, got {text} (line {line})"));
        else if (target == typeof(int) && Math.Abs(value) > int.MaxValue)
            errors.Add(new ExperimentError(path, $"must be a whole number up to {int.MaxValue}, got {text} (line {line})"));
    }

    private static Dictionary<string, Type> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), p => p.PropertyType, StringComparer.OrdinalIgnoreCase);

    // The fields that may not be null: sections, lists and plain values; `string?` and `int?` fields may.
    private static HashSet<string> NonNullable(Type type)
    {
        var context = new NullabilityInfoContext();
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null && p.GetCustomAttribute<JsonIgnoreAttribute>() is null && context.Create(p).WriteState == NullabilityState.NotNull)
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    private static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var g && (g == typeof(IReadOnlyDictionary<,>) || g == typeof(Dictionary<,>) || g == typeof(IDictionary<,>))
            ? type.GetGenericArguments()[1] : null;

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) && type != typeof(string) && DictionaryValueType(type) is null ? type.GetGenericArguments()[0]
        : null;

    private static string Suggestion(string name, IEnumerable<string> known)
    {
        var closest = known.Select(k => (Name: k, Distance: Distance(name.ToLowerInvariant(), k.ToLowerInvariant()))).MinBy(k => k.Distance);
        return closest.Name is not null && closest.Distance <= Math.Max(1, name.Length / 3) ? $"; did you mean '{closest.Name}'?" : "";
    }

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            int previous = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }
        return row[b.Length];
    }

    private static int[] LineStarts(byte[] bytes)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < bytes.Length; i++) if (bytes[i] == '\n') starts.Add(i + 1);
        return [.. starts];
    }

    private static int Line(long index, int[] lineStarts)
    {
        int found = Array.BinarySearch(lineStarts, (int)index);
        return (found >= 0 ? found : ~found - 1) + 1;
    }
}
