using TuneWise.Core.Trials;
using TuneWise.Reports.Analysis;

namespace TuneWise.Reports.Tests.Analysis;

public class ChartSampleTests
{
    // Ranked as the leaderboard ranks: complete trials best first, then the pruned ones.
    private static List<TrialRow> Rows(int count)
    {
        var rows = Enumerable.Range(0, count).Select(n => new TrialRow
        {
            Number = n,
            Rank = 0,
            Outcome = n % 3 == 0 ? TrialOutcomeKind.Complete : TrialOutcomeKind.Pruned,
            State = n % 3 == 0 ? TrialState.Complete : TrialState.Pruned,
            Parameters = new Dictionary<string, object>(),
            Value = (n * 7919 % 1000) / 1000.0,
            Curve = [],
        });
        return rows.OrderBy(r => r.Outcome).ThenByDescending(r => r.Value).Select((r, i) => r with { Rank = i + 1 }).ToList();
    }

    [Fact]
    public void A_study_within_the_limit_is_drawn_whole_and_its_captions_say_nothing_more()
    {
        var rows = Rows(ChartSample.Limit);

        var sample = ChartSample.Of(rows);

        Assert.True(sample.All);
        Assert.Same(rows, sample.Rows);
        Assert.Equal("", sample.Note);
    }

    [Fact]
    public void A_large_study_draws_its_best_trials_and_an_even_sample_of_the_rest_across_the_whole_run()
    {
        var rows = Rows(100_000);

        var sample = ChartSample.Of(rows);

        Assert.False(sample.All);
        Assert.InRange(sample.Rows.Count, ChartSample.Limit - 100, ChartSample.Limit);
        // Every one of the best complete trials is drawn, and the ranking order is kept.
        Assert.Equal(rows.Take(ChartSample.Best).Select(r => r.Number), sample.Rows.Take(ChartSample.Best).Select(r => r.Number));
        Assert.Equal(sample.Rows.Select(r => r.Rank).Order(), sample.Rows.Select(r => r.Rank));
        // The others span the run from its first trials to its last, in the study's proportions.
        var others = sample.Rows.Skip(ChartSample.Best).ToList();
        Assert.True(others.Min(r => r.Number) < sample.Stride);
        Assert.True(others.Max(r => r.Number) > 100_000 - 2 * sample.Stride);
        double prunedShare = others.Count(r => r.Outcome == TrialOutcomeKind.Pruned) / (double)others.Count;
        Assert.InRange(prunedShare, 2 / 3.0 - 0.03, 2 / 3.0 + 0.03);
        Assert.Equal($" Drawn: {sample.Rows.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} of 100,000 trials, the 200 best complete ones and every {sample.Stride}th of the others by number.",
            sample.Note, ignoreCase: false);
    }
}
