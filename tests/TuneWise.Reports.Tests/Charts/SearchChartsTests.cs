using TuneWise.Core.RangeTests;
using TuneWise.Reports.Charts;

namespace TuneWise.Reports.Tests.Charts;

public class SearchChartsTests
{
    // A sweep from 1e-4 to 1 whose loss falls, then climbs from 0.3.
    private static LrRangeTestResult Sweep(IReadOnlyList<HeldRateProbe> checks)
    {
        var points = Enumerable.Range(0, 40).Select(i =>
        {
            double lr = 1e-4 * Math.Pow(10, i / 10.0), loss = lr < 0.3 ? 2.3 - Math.Log10(lr / 1e-4) * 0.5 : 4;
            return new LrRangePoint(i, lr, loss, loss, 1);
        }).ToList();
        double top = checks.LastOrDefault(c => c.Held)?.LearningRate ?? 0.3;
        return new LrRangeTestResult
        {
            Optimizer = "momentum",
            Points = points,
            Suggestions = [new LrSuggestion("steepest", 0.01789), new LrSuggestion("valley", 0.001592), new LrSuggestion("minimum/10", 0.0242)],
            Recommended = 0.01,
            Range = new LearningRateRange("momentum", top / 10, top, 0.01, "rule"),
            DivergedAt = 0.3,
            StopReason = "diverged",
            HeldRateChecks = checks,
        };
    }

    [Fact]
    public void The_range_chart_marks_the_lowest_rate_the_held_rate_check_turned_down()
    {
        var chart = SvgChart.Render(SearchCharts.RangeTest(Sweep(
        [
            new HeldRateProbe(0.3, 32, 1000, "non_finite", 12),
            new HeldRateProbe(0.15, 32, 1000, "dead_relu", 200),
            new HeldRateProbe(0.075, 32, 1000),
        ])), "range test");
        Assert.Contains("dead_relu held at batch 32: 0.15", chart);
        Assert.DoesNotContain("non_finite held", chart);
        // Eight entries, the longest last: each is drawn, none clipped off the legend's last row.
        var texts = System.Text.RegularExpressions.Regex.Matches(chart, "<text[^>]*>([^<]*)</text>").Select(m => m.Groups[1].Value.Trim()).ToList();
        Assert.All(new[] { "loss", "smoothed loss", "steepest 0.01789", "valley 0.001592", "minimum/10 0.0242", "search from 0.0075", "search to 0.075", "dead_relu held at batch 32: 0.15" },
            entry => Assert.Contains(entry, texts));
    }

    [Fact]
    public void A_top_that_held_at_once_adds_no_marker()
    {
        var chart = SvgChart.Render(SearchCharts.RangeTest(Sweep([new HeldRateProbe(0.3, 32, 1000)])), "range test");
        Assert.DoesNotContain("held at batch", chart);
        Assert.Contains("search to 0.3", chart);
    }
}
