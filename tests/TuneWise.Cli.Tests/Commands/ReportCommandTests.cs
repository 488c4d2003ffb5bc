using TuneWise.Cli.Tests.Tuning;

namespace TuneWise.Cli.Tests.Commands;

public class ReportCommandTests
{
    [Fact]
    public void Report_writes_the_html_of_a_study_from_its_study_file_and_from_its_experiment()
    {
        var experiment = TuneExperiments.Write(trials: 2);
        Assert.Equal(0, CliRunner.Run("tune", experiment, "--quiet").ExitCode);
        var output = Path.Combine(Path.GetDirectoryName(experiment)!, "out", "study report.html");

        var fromStudy = CliRunner.Run("report", TuneExperiments.StudyOf(experiment), "-o", output);
        Assert.True(fromStudy.ExitCode == 0, fromStudy.Error);
        Assert.Contains($"report: {output}", fromStudy.Output);
        var html = File.ReadAllText(output);
        Assert.Contains("id=\"trial-row-1\"", html);
        Assert.False(File.Exists(output + ".partial"));

        var fromExperiment = CliRunner.Run("report", experiment);
        Assert.True(fromExperiment.ExitCode == 0, fromExperiment.Error);
        var beside = Path.Combine(Path.GetDirectoryName(experiment)!, "small-study.html");
        Assert.Contains($"report: {beside}", fromExperiment.Output);
        Assert.True(File.Exists(beside));
    }

    [Fact]
    public void An_output_that_cannot_be_written_is_a_user_error_naming_it()
    {
        var experiment = TuneExperiments.Write(trials: 1);
        Assert.Equal(0, CliRunner.Run("tune", experiment, "--quiet").ExitCode);

        var run = CliRunner.Run("report", experiment, "-o", "/proc/report.html");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--output report.html: cannot write /proc/report.html", run.Error);
        var folder = CliRunner.Run("report", experiment, "-o", Path.GetTempPath());
        Assert.Equal(2, folder.ExitCode);
        Assert.Contains("is a folder, not a file", folder.Error);
    }

    [Fact]
    public void A_report_is_never_written_over_its_study_or_its_experiment_through_any_path()
    {
        var experiment = TuneExperiments.Write(trials: 1);
        Assert.Equal(0, CliRunner.Run("tune", experiment, "--quiet").ExitCode);
        var study = TuneExperiments.StudyOf(experiment);
        var folder = Path.GetDirectoryName(experiment)!;
        var link = Path.Combine(folder, "link-to-study.html");
        File.CreateSymbolicLink(link, study);
        var hardLink = Path.Combine(folder, "hard-link.html");
        using (var ln = System.Diagnostics.Process.Start("ln", [experiment, hardLink])!)
        {
            ln.WaitForExit();
            Assert.Equal(0, ln.ExitCode);
        }
        var studyBytes = File.ReadAllBytes(study);
        var experimentBytes = File.ReadAllBytes(experiment);

        foreach (var (arguments, says) in new[]
        {
            (new[] { "report", study, "-o", study }, "is the study file"),
            (new[] { "report", study, "-o", Path.Combine(folder, "..", Path.GetFileName(folder), "small-study.db") }, "is the study file"),
            (new[] { "report", experiment, "-o", experiment }, "is the experiment file"),
            (new[] { "report", experiment, "-o", link }, "is the study file"),
            (new[] { "report", experiment, "-o", hardLink }, "is the experiment file"),
        })
        {
            var run = CliRunner.Run(arguments);
            Assert.True(run.ExitCode == 2, string.Join(' ', arguments) + ": " + run.Error);
            Assert.Contains(says, run.Error);
            Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        Assert.Equal(studyBytes, File.ReadAllBytes(study));
        Assert.Equal(experimentBytes, File.ReadAllBytes(experiment));
    }

    [Fact]
    public void A_study_that_does_not_exist_is_a_user_error()
    {
        var run = CliRunner.Run("report", Path.Combine(Path.GetTempPath(), "no-such-study.db"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no such study", run.Error);
    }
}
