using System.Text.Json;
using System.Text.Json.Nodes;
using TuneWise.Core.Spaces;

namespace TuneWise.MLNet.Tuning;

/// <summary>
/// Builds a search space fluently with the same kinds as an experiment file's <c>search.space</c>:
/// <c>Log</c>, <c>Range</c>, <c>Int</c>, <c>PowerOfTwo</c>, <c>Choice</c>, and the learning rate from
/// the range test (<see cref="AutoLearningRate"/>). Each entry may apply only when a categorical
/// parameter takes some values (<c>when</c>).
/// </summary>
public sealed class SearchSpaceBuilder
{
    private readonly Dictionary<string, JsonNode> _entries = [];

    /// <summary>A real parameter on a log scale in [<paramref name="low"/>, <paramref name="high"/>].</summary>
    public SearchSpaceBuilder Log(string name, double low, double high, Condition? when = null) =>
        Add(name, new JsonObject { ["log"] = new JsonArray(low, high) }, when);

    /// <summary>A real parameter, uniform in [<paramref name="low"/>, <paramref name="high"/>].</summary>
    public SearchSpaceBuilder Range(string name, double low, double high, Condition? when = null) =>
        Add(name, new JsonObject { ["range"] = new JsonArray(low, high) }, when);

    /// <summary>A whole-number parameter in [<paramref name="low"/>, <paramref name="high"/>], optionally on a log scale or in steps.</summary>
    public SearchSpaceBuilder Int(string name, long low, long high, bool log = false, long step = 1, Condition? when = null)
    {
        var entry = new JsonObject { ["int"] = new JsonArray(low, high) };
        if (log) entry["log"] = true;
        if (step != 1) entry["step"] = step;
        return Add(name, entry, when);
    }

    /// <summary>A power of two in [<paramref name="low"/>, <paramref name="high"/>], e.g. batch sizes.</summary>
    public SearchSpaceBuilder PowerOfTwo(string name, int low, int high, Condition? when = null) =>
        Add(name, new JsonObject { ["powerOfTwo"] = new JsonArray(low, high) }, when);

    /// <summary>One of <paramref name="values"/> (strings, numbers or Booleans).</summary>
    public SearchSpaceBuilder Choice(string name, params object[] values) => Choice(name, values, null);

    /// <summary>One of <paramref name="values"/>, only when <paramref name="when"/> holds.</summary>
    public SearchSpaceBuilder Choice(string name, IReadOnlyList<object> values, Condition? when) =>
        Add(name, new JsonObject { ["choice"] = new JsonArray(values.Select(v => JsonValue.Create(v)).ToArray<JsonNode?>()) }, when);

    /// <summary>The neural trainer's learning rate, searched over each optimizer's range from its learning-rate range test.</summary>
    public SearchSpaceBuilder AutoLearningRate() => Add(SearchSpaceParser.AutoParameter, JsonValue.Create(SearchSpaceParser.Auto), null);

    /// <summary>The entries as an experiment file's <c>search.space</c>.</summary>
    public IReadOnlyDictionary<string, JsonElement> Build() =>
        _entries.ToDictionary(e => e.Key, e => JsonSerializer.SerializeToElement(e.Value));

    private SearchSpaceBuilder Add(string name, JsonNode entry, Condition? when)
    {
        if (when is not null && entry is JsonObject obj)
            obj["when"] = new JsonObject { [when.Parent] = new JsonArray(when.Values.Select(v => JsonValue.Create(v)).ToArray<JsonNode?>()) };
        _entries[name] = entry;
        return this;
    }
}
