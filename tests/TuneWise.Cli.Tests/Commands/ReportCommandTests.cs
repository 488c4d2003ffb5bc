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
    public void A_study_that_does_not_exist_is_a_user_error()
    {
        var run = CliRunner.Run("report", Path.Combine(Path.GetTempPath(), "no-such-study.db"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no such study", run.Error);
    }
}
