using System.Text.RegularExpressions;
using TuneWise.Core.Trials;
using TuneWise.Reports.Tests.Studies;

namespace TuneWise.Reports.Tests.Analysis;

public class NoiseTests
{
    [Fact]
    public void Configurations_run_with_several_seeds_give_the_seed_to_seed_spread_in_the_verdict()
    {
        // Adam at 1e-3 and batch 32 three times (0.86, 0.84, 0.85), SGD at 0.05 twice (0.80, 0.82):
        // pooled variance (2e-4 + 2e-4) / (2 + 1), a standard deviation of 0.01155.
        var trials = new List<SampleTrial>
        {
            new("adam", 0.001, 32, TrialState.Complete, [0.86]),
            new("adam", 0.001, 32, TrialState.Complete, [0.84]),
            new("adam", 0.001, 32, TrialState.Complete, [0.85]),
            new("sgd", 0.05, 32, TrialState.Complete, [0.80]),
            new("sgd", 0.05, 32, TrialState.Complete, [0.82]),
            new("adam", 0.003, 64, TrialState.Complete, [0.83]),
        };

        var html = HtmlReportWriter.Render(SampleStudy.Snapshot(trials));

        var verdict = Regex.Match(html, "<section id=\"verdict\">.*?</section>", RegexOptions.Singleline).Value;
        Assert.Contains("2 configurations were run more than once (5 complete runs)", verdict);
        Assert.Contains("standard deviation of 0.01155", verdict);
    }

    [Fact]
    public void A_study_without_repeats_says_nothing_of_seeds()
    {
        var html = HtmlReportWriter.Render(SampleStudy.Snapshot(SampleStudy.Mixed));

        Assert.DoesNotContain("Seed to seed", html);
    }
}
