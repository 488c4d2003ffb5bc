using System.Text.Json;
using System.Text.Json.Nodes;

namespace TuneWise.Reports.Analysis;

/// <summary>A suggested range for one parameter of the next search.</summary>
/// <param name="Parameter">The parameter.</param>
/// <param name="Range">The range or choices in words, e.g. <c>[3e-4, 2e-3] (log)</c> or <c>{adam}</c>.</param>
/// <param name="Note">Why, e.g. that the best values sat at an edge of the searched range.</param>
/// <param name="Entry">The range as a <c>search.space</c> entry in the parameter's own form (<c>{"log": [..]}</c>, <c>{"powerOfTwo": [..]}</c>, <c>{"choice": [..]}</c>…).</param>
internal sealed record SuggestedRange(string Parameter, string Range, string? Note, JsonNode Entry);

/// <summary>
/// Where to search next: the span of the top quarter of complete trials (at least three), widened
/// by half its width on each side (on the log scale for log parameters) but kept inside the searched
/// range; categories the top trials used. When the top trials crowd an edge of the searched range,
/// the range reaches past that edge and the note says so.
/// </summary>
internal static class NextSearchRange
{
    /// <summary>The suggestions, or empty when fewer than three trials completed.</summary>
    public static IReadOnlyList<SuggestedRange> Of(IReadOnlyList<TrialRow> ranked, IReadOnlyList<ParameterAxis> axes)
    {
        var complete = ranked.Where(r => r.Outcome == TrialOutcomeKind.Complete).ToList();
        if (complete.Count < 3) return [];
        var top = complete.Take(Math.Max(3, complete.Count / 4)).ToList();
        var result = new List<SuggestedRange>();
        foreach (var axis in axes)
        {
            var values = top.Select(r => r.Parameters.GetValueOrDefault(axis.Name)).OfType<object>().ToList();
            if (values.Count == 0) continue;
            if (axis.IsCategorical || values.Any(v => ParameterAxis.Number(v) is null))
            {
                var used = values.Select(ParameterAxis.Text).Distinct().Order(StringComparer.Ordinal).ToList();
                var choices = new JsonArray(values.DistinctBy(ParameterAxis.Text).OrderBy(ParameterAxis.Text, StringComparer.Ordinal).Select(v => JsonValue.Create(JsonSerializer.SerializeToElement(v))).ToArray<JsonNode?>());
                result.Add(new SuggestedRange(axis.Name, "{" + string.Join(", ", used) + "}", null, new JsonObject { ["choice"] = choices }));
                continue;
            }
            var scaled = values.Select(axis.Scaled).OfType<double>().ToList();
            double lo = scaled.Min(), hi = scaled.Max(), pad = Math.Max((hi - lo) / 2, axis.Log ? 0.15 : Math.Abs(hi) * 0.1);
            double Unscale(double x) => axis.Log ? Math.Pow(10, x) : x;
            bool atTop = values.All(v => axis.ToUnit(v) >= 0.95), atBottom = values.All(v => axis.ToUnit(v) <= 0.05);
            string? note = atTop ? "the best values sit at the top of the searched range: extend it upwards"
                : atBottom ? "the best values sit at the bottom of the searched range: extend it downwards" : null;
            double low = Unscale(lo - pad), high = Unscale(hi + pad);
            if (!atBottom) low = Math.Max(low, axis.Min);
            if (!atTop) high = Math.Min(high, axis.Max);
            if (!axis.Log && axis.Min >= 0) low = Math.Max(0, low);
            if (axis.PowerOfTwo)
            {
                // Whole powers of two, so the range can be pasted back as a powerOfTwo entry.
                (low, high) = (Math.Pow(2, Math.Floor(Math.Log2(Math.Max(1, low)) + 1e-9)), Math.Pow(2, Math.Ceiling(Math.Log2(Math.Max(1, high)) - 1e-9)));
                result.Add(new SuggestedRange(axis.Name, $"[{Formats.Number(low)}, {Formats.Number(high)}] (powers of two)", note, Pair("powerOfTwo", low, high)));
                continue;
            }
            if (axis.Integer) (low, high) = (Math.Max(1, Math.Floor(low)), Math.Ceiling(high));
            string kind = axis.Integer ? "int" : axis.Log ? "log" : "range";
            var entry = Pair(kind, low, high);
            if (axis.Integer && axis.Log) entry["log"] = true;
            result.Add(new SuggestedRange(axis.Name, $"[{Formats.Number(low)}, {Formats.Number(high)}]{(axis.Log ? " (log)" : "")}", note, entry));
        }
        return result;
    }

    /// <summary>
    /// The suggestions as a <c>search.space</c> object to paste into an experiment. Rates tested per
    /// optimizer (<c>learningRate[adam]</c>) become one <c>learningRate</c> range spanning them.
    /// </summary>
    public static string SpaceJson(IReadOnlyList<SuggestedRange> ranges)
    {
        var space = new JsonObject();
        foreach (var range in ranges)
        {
            int bracket = range.Parameter.IndexOf('[');
            string name = bracket > 0 ? range.Parameter[..bracket] : range.Parameter;
            if (space[name] is JsonObject existing && existing["log"] is JsonArray a && range.Entry["log"] is JsonArray b)
                existing["log"] = new JsonArray(Math.Min(a[0]!.GetValue<double>(), b[0]!.GetValue<double>()), Math.Max(a[1]!.GetValue<double>(), b[1]!.GetValue<double>()));
            else space[name] = range.Entry.DeepClone();
        }
        // One parameter a line, as people write search spaces by hand.
        var lines = space.Select(p => $"  {JsonSerializer.Serialize(p.Key)}: {p.Value!.ToJsonString()}");
        return "{\n" + string.Join(",\n", lines) + "\n}";
    }

    private static JsonObject Pair(string kind, double low, double high) => new() { [kind] = new JsonArray(Round(low), Round(high)) };

    // Four significant digits, as the report prints them: a pasted range reads like the page.
    private static double Round(double value) => double.Parse(Formats.Number(value), System.Globalization.CultureInfo.InvariantCulture);
}
