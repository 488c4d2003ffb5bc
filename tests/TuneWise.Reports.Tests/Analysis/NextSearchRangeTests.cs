using TuneWise.Core.Trials;
using TuneWise.Reports.Analysis;
using TuneWise.Reports.Studies;
using TuneWise.Reports.Tests.Studies;

namespace TuneWise.Reports.Tests.Analysis;

public class NextSearchRangeTests
{
    [Fact]
    public void The_top_trials_span_is_suggested_inside_the_searched_range()
    {
        var content = ReportContent.From(SampleStudy.Snapshot());

        var rate = content.NextRanges.Single(r => r.Parameter == "learningRate");
        // The top three rates are 0.001–0.003; half a width of padding on the log scale each side.
        Assert.Equal("[0.0005774, 0.005196] (log)", rate.Range);
        Assert.Null(rate.Note);
        Assert.Equal("{adam}", content.NextRanges.Single(r => r.Parameter == "optimizer").Range);
    }

    [Fact]
    public void Best_values_at_an_edge_of_the_space_ask_for_the_range_to_be_extended()
    {
        var trials = Enumerable.Range(0, 8).Select(i => new SampleTrial("adam", 1e-4 * (1 + 0.01 * i), 32, TrialState.Complete, [0.9 - 0.01 * i]))
            .Append(new SampleTrial("adam", 0.1, 32, TrialState.Complete, [0.5])).ToList();
        var content = ReportContent.From(SampleStudy.Snapshot(trials));

        var rate = content.NextRanges.Single(r => r.Parameter == "learningRate");
        Assert.Contains("extend it downwards", rate.Note);
        Assert.StartsWith("[7", rate.Range);
    }
}
