using System.Text.Json;
using System.Text.Json.Serialization;

namespace TuneWise.Core.Trials;

/// <summary>
/// The JSON form of what a study stores beside its trials (verdicts, health series, range tests,
/// attributes): camelCase, enums as their names, NaN and infinities kept, compact. One form, so a
/// study written on one machine is read by the report and <c>status</c> on another.
/// </summary>
public static class StoredJson
{
    /// <summary>The serializer settings.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Serializes <paramref name="value"/>.</summary>
    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Reads a <typeparamref name="T"/>; throws <see cref="JsonException"/> on malformed text.</summary>
    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException("null where a value was expected");
}
