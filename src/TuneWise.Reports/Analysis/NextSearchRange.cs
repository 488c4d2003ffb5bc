namespace TuneWise.Reports.Analysis;

/// <summary>A suggested range for one parameter of the next search.</summary>
/// <param name="Parameter">The parameter.</param>
/// <param name="Range">The range or choices in words, e.g. <c>[3e-4, 2e-3] (log)</c> or <c>{adam}</c>.</param>
/// <param name="Note">Why, e.g. that the best values sat at an edge of the searched range.</param>
public sealed record SuggestedRange(string Parameter, string Range, string? Note);

/// <summary>
/// Where to search next: the span of the top quarter of complete trials (at least three), widened
/// by half its width on each side (on the log scale for log parameters) but kept inside the searched
/// range; categories the top trials used. When the top trials crowd an edge of the searched range,
/// the range reaches past that edge and the note says so.
/// </summary>
public static class NextSearchRange
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
                result.Add(new SuggestedRange(axis.Name, "{" + string.Join(", ", used) + "}", null));
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
            if (axis.Integer) (low, high) = (Math.Max(1, Math.Floor(low)), Math.Ceiling(high));
            result.Add(new SuggestedRange(axis.Name, $"[{Formats.Number(low)}, {Formats.Number(high)}]{(axis.Log ? " (log)" : "")}", note));
        }
        return result;
    }
}
