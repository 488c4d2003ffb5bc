using System.Text.Json;

namespace TuneWise.Search.Storage;

/// <summary>
/// Parameters as JSON, keeping numbers, strings and booleans apart: integers come back as long,
/// floating-point values as double — also a float that happens to be whole (a bound of −5, a
/// learning rate of 1), which is written with a decimal point so it is not mistaken for an integer.
/// </summary>
internal static class ParameterJson
{
    public static string Write(IReadOnlyDictionary<string, object> parameters)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, value) in parameters)
            {
                json.WritePropertyName(name);
                switch (value)
                {
                    case double d when double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) < 1e15:
                        json.WriteRawValue(d.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
                        break;
                    case float f when float.IsFinite(f) && f == MathF.Floor(f) && Math.Abs(f) < 1e7:
                        json.WriteRawValue(f.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
                        break;
                    default:
                        JsonSerializer.Serialize(json, value, value.GetType());
                        break;
                }
            }
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static Dictionary<string, object> Read(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object)(p.Value.ValueKind switch
        {
            JsonValueKind.String => p.Value.GetString()!,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when p.Value.TryGetInt64(out var l) && !p.Value.GetRawText().Contains('.') && !p.Value.GetRawText().Contains('E', StringComparison.OrdinalIgnoreCase) => l,
            _ => p.Value.GetDouble(),
        }));
    }
}
