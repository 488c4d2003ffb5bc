using System.Text.Json;

namespace TuneWise.Search.Storage;

/// <summary>Parameters as JSON, keeping numbers, strings and booleans apart (whole numbers come back as long).</summary>
internal static class ParameterJson
{
    public static string Write(IReadOnlyDictionary<string, object> parameters) => JsonSerializer.Serialize(parameters);

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
