using TuneWise.Cli.Tests.Tuning;

namespace TuneWise.Cli.Tests.Faults;

/// <summary>
/// A disk that fills up under a study: one line that says so, the study file intact and readable,
/// and the same command finishing the study once there is room again.
/// </summary>
public class FullDiskTests
{
    [SkippableFact]
    [Trait("Category", "Slow")]
    public void A_full_disk_stops_tune_with_one_line_and_loses_no_trial()
    {
        using var disk = new SmallDisk(megabytes: 8);
        Skip.If(disk.Unavailable is not null, disk.Unavailable);
        string experiment = Path.Combine(disk.Path, "experiment.json");
        File.WriteAllText(experiment, File.ReadAllText(TuneExperiments.Write(trials: 1)));
        string study = Path.Combine(disk.Path, "small-study.db");
        Assert.Equal(0, CliRunner.Run("tune", experiment, "--quiet").ExitCode);
        File.WriteAllText(experiment, File.ReadAllText(experiment).Replace("\"trials\": 1", "\"trials\": 3"));
        var before = File.ReadAllBytes(study);

        // Nothing left at all, then a few kilobytes: the study opens and the first write fails.
        foreach (long leave in new[] { 0L, 40 * 1024 })
        {
            disk.Free();
            disk.Fill(leave);
            var full = CliRunner.Run("tune", experiment, "--quiet");
            Assert.True(full.ExitCode == 2, $"exit {full.ExitCode}: {full.Error}");
            var line = Assert.Single(full.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("the disk is full; free some space and run the same command again", line);
            Assert.DoesNotContain("corrupt", line);
            Assert.DoesNotContain("SQLite", line);
        }
        Assert.Equal(before, File.ReadAllBytes(study));

        // Still full: the study is read as it stands.
        var status = CliRunner.Run("status", study);
        Assert.True(status.ExitCode == 0, status.Error);
        Assert.Contains("1 trials — 1 complete", status.Output);
        string elsewhere = Path.Combine(Directory.CreateTempSubdirectory("report").FullName, "report.html");
        Assert.Equal(0, CliRunner.Run("report", study, "--output", elsewhere).ExitCode);
        Assert.Contains("<html", File.ReadAllText(elsewhere));

        disk.Free();
        var resumed = CliRunner.Run("tune", experiment, "--quiet");
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains("3 trials — 3 complete", CliRunner.Run("status", study).Output);
    }
}
