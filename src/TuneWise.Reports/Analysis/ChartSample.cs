namespace TuneWise.Reports.Analysis;

/// <summary>
/// The trials the charts of the whole search draw. Up to <see cref="Limit"/> trials every one is
/// drawn. Past it, a chart of every trial is a blot that takes a browser seconds to paint and
/// megabytes to hold, so the best <see cref="Best"/> complete trials are drawn with an even sample
/// of the others: every k-th by trial number, so the sample spans the whole run in its proportions
/// of outcomes. Captions say what was drawn.
/// </summary>
/// <param name="Rows">The rows to draw, in the order of the ranking.</param>
/// <param name="Total">How many trials the study has.</param>
/// <param name="Stride">Every how many of the other trials one is drawn; 1 when all are.</param>
internal sealed record ChartSample(IReadOnlyList<TrialRow> Rows, int Total, int Stride)
{
    /// <summary>The most trials a chart of the whole search draws.</summary>
    public const int Limit = 2_000;

    /// <summary>How many of the best complete trials a sample always keeps.</summary>
    public const int Best = 200;

    /// <summary>True when every trial is drawn.</summary>
    public bool All => Rows.Count == Total;

    /// <summary>What a caption adds when only a sample is drawn, or an empty string.</summary>
    public string Note => All ? ""
        : $" Drawn: {Formats.Count(Rows.Count)} of {Formats.Count(Total)} trials, the {Best} best complete ones and every {Ordinal(Stride)} of the others by number.";

    /// <summary>The rows to draw from <paramref name="ranked"/> (best first).</summary>
    public static ChartSample Of(IReadOnlyList<TrialRow> ranked, int limit = Limit)
    {
        if (ranked.Count <= limit) return new ChartSample(ranked, ranked.Count, 1);
        var best = ranked.Where(r => r.Outcome == TrialOutcomeKind.Complete).Take(Math.Min(Best, limit / 2)).Select(r => r.Number).ToHashSet();
        int others = ranked.Count - best.Count;
        int stride = (int)Math.Ceiling(others / (double)(limit - best.Count));
        var kept = ranked.Where(r => !best.Contains(r.Number)).OrderBy(r => r.Number)
            .Where((_, i) => i % stride == 0).Select(r => r.Number).ToHashSet();
        kept.UnionWith(best);
        return new ChartSample(ranked.Where(r => kept.Contains(r.Number)).ToList(), ranked.Count, stride);
    }

    private static string Ordinal(int n) => Formats.Count(n) + ((n % 100) switch
    {
        11 or 12 or 13 => "th",
        _ => (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" },
    });
}
