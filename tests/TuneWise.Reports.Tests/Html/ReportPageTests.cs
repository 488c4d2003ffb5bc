using System.Text.RegularExpressions;
using TuneWise.Core.Trials;
using TuneWise.Reports.Tests.Studies;

namespace TuneWise.Reports.Tests.Html;

public class ReportPageTests
{
    [Fact]
    public void The_report_of_a_small_fixed_study_has_the_expected_structure()
    {
        var html = HtmlReportWriter.Render(SampleStudy.Snapshot());

        SnapshotFile.Match("sample-study", ReportOutline.Of(html));
    }

    [Fact]
    public void A_study_of_thousands_of_trials_lists_the_best_thousand_and_ten_sections_a_verdict_and_says_what_it_left_out()
    {
        // 1,200 trials: two thirds complete, a sixth exploding, a sixth pruned by ASHA.
        var trials = Enumerable.Range(0, 1_200).Select(i => (i % 6) switch
        {
            0 => new SampleTrial("sgd", 0.5 + i / 10_000.0, 32, TrialState.Pruned, [0.10], Verdict: Core.Health.VerdictCodes.ExplodingGradient),
            1 => new SampleTrial("sgd", 0.01, 64, TrialState.Pruned, [0.40, 0.50], Pruner: "asha"),
            _ => new SampleTrial("adam", 0.001 + i / 1e6, 32, TrialState.Complete, [0.70, 0.80, 0.84, 0.80 + (i % 97) / 1000.0]),
        }).ToList();

        var html = HtmlReportWriter.Render(SampleStudy.Snapshot(trials));

        Assert.Equal(1_000, Regex.Matches(html, "id=\"trial-row-").Count);
        Assert.Contains("The best 1,000 of 1,200 trials;", html);
        // The three best and the first ten of the 200 exploding trials get a section; the other 190 are named in a line.
        Assert.Equal(13, Regex.Matches(html, "<div class=\"trial ").Count);
        Assert.Contains("190 more exploding_gradient trials are not shown one by one: 60, 66, 72,", html);
        Assert.Contains("and 140 others.", html);
    }

    [Fact]
    public void The_report_loads_nothing_from_anywhere_and_runs_only_its_own_script()
    {
        var html = HtmlReportWriter.Render(SampleStudy.Snapshot());

        Assert.Matches("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'sha256-[A-Za-z0-9+/=]+';", html);
        Assert.Single(Regex.Matches(html, "<script"));
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        Assert.DoesNotMatch("@import|url\\((?!#)", html);
        // Every chart is inline SVG.
        Assert.Equal(Regex.Matches(html, "<figure>").Count, Regex.Matches(html, "<svg ").Count);
    }

    [Fact]
    public void Every_figure_is_a_drawn_chart()
    {
        var html = HtmlReportWriter.Render(SampleStudy.Snapshot());

        foreach (Match svg in Regex.Matches(html, "<svg .*?</svg>", RegexOptions.Singleline))
            Assert.True(Regex.Matches(svg.Value, "<path").Count > 5, "a chart with almost nothing drawn");
    }

    [Fact]
    public void A_trial_that_died_between_two_probes_shows_the_loss_of_its_last_steps_and_where_it_broke()
    {
        var html = HtmlReportWriter.Render(SampleStudy.Snapshot(SampleStudy.Sick));

        // The NaN trial (number 3) kept 26 steps; its probes alone are too few to draw.
        var section = Regex.Match(html, @"id=""trial-3"".*?(?=id=""trial-\d+""|</section>)", RegexOptions.Singleline).Value;
        Assert.Contains("Its last 26 steps", section);
        var chart = Regex.Match(section, "<svg .*?</svg>", RegexOptions.Singleline).Value;
        Assert.Contains("loss not finite at step 25", chart);
        Assert.Contains("‖gradient‖ at the probes", chart);
        // A healthy trial keeps no steps and draws no such chart.
        var healthy = Regex.Match(html, @"id=""trial-0"".*?(?=id=""trial-\d+""|</section>)", RegexOptions.Singleline).Value;
        Assert.DoesNotContain("steps: the loss of every step", healthy);
    }

    [Fact]
    public void A_stored_series_from_before_the_last_steps_were_kept_still_reads()
    {
        var probes = new[] { new Core.Health.HealthSample { Step = 0, DataLoss = 2.3 }, new Core.Health.HealthSample { Step = 10, DataLoss = 1.9 } };
        var read = Core.Health.HealthSeries.Read(StoredJson.Write(probes));
        Assert.Equal([0, 10], read.Probes.Select(p => p.Step));
        Assert.Empty(read.LastSteps);
    }

    [Fact]
    public void Names_values_paths_and_messages_from_input_are_shown_as_text()
    {
        const string hostile = "<script>alert(1)</script>";
        const string attribute = "\"><img src=x onerror=alert(2)>";
        var json = SampleStudy.ExperimentJson
            .Replace("\"name\": \"sample\"", $"\"name\": \"{hostile.Replace("/", "\\/")}\"")
            .Replace("\"path\": \"data.csv\"", "\"path\": \"<b>data</b>.csv\"");
        // Stored parameter values are shown as stored, even ones the space would no longer offer.
        var trials = new List<SampleTrial>(SampleStudy.Mixed)
        {
            new(attribute, 0.001, 32, TrialState.Pruned, [0.2], Pruner: "asha"),
            new("x<script>", 0.001, 32, TrialState.Failed, [], Error: hostile + " \u001b[31mred"),
        };

        var html = HtmlReportWriter.Render(SampleStudy.Snapshot(trials, json));

        Assert.Single(Regex.Matches(html, "<script"));
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<b>data", html);
        Assert.False(html.Contains('\u001b'), "a raw escape character reached the page");
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;", html);
        Assert.Contains("\\u001b[31mred", html);
    }
}
