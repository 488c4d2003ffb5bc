using TuneWise.Cli.Tests.Tuning;
using TuneWise.Testing;

namespace TuneWise.Cli.Tests.Faults;

/// <summary>
/// A study a user may read but not write (another team's, a finished one made read-only): status
/// and report read it and change nothing, tune says in one line that it cannot write. Run as an
/// unprivileged user through setpriv, since root writes to anything.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class ReadOnlyUserTests
{
    private const string Nobody = "65534";

    [SkippableFact]
    [Trait("Category", "Slow")]
    public void A_user_without_write_access_can_read_a_study_but_not_tune_it()
    {
        Skip.If(Environment.UserName != "root" || !File.Exists("/usr/bin/setpriv"), "needs root and setpriv to run as an unprivileged user (CI runs as root)");
        string experiment = TuneExperiments.Write(trials: 1);
        string folder = Path.GetDirectoryName(experiment)!;
        string study = TuneExperiments.StudyOf(experiment);
        Assert.Equal(0, CliRunner.Run("tune", experiment, "--quiet").ExitCode);
        File.SetUnixFileMode(study, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(experiment, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var readAndList = UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(folder, readAndList);
        var before = Directory.GetFiles(folder).ToDictionary(f => f, File.ReadAllBytes);
        string reports = Directory.CreateTempSubdirectory("reports").FullName;
        File.SetUnixFileMode(reports, readAndList | UnixFileMode.OtherWrite | UnixFileMode.UserWrite);

        var status = AsNobody("status", study);
        Skip.If(status.Error.Contains("Permission denied", StringComparison.Ordinal) && status.Output.Length == 0,
            $"the unprivileged user cannot run the test build here: {status.Error.Trim()}");
        Assert.True(status.ExitCode == 0, status.Error);
        Assert.Contains("1 trials — 1 complete", status.Output);
        var report = AsNobody("report", study, "--output", Path.Combine(reports, "report.html"));
        Assert.True(report.ExitCode == 0, report.Error);

        var tune = AsNobody("tune", experiment, "--quiet");
        Assert.Equal(2, tune.ExitCode);
        var line = Assert.Single(tune.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("cannot be written (read-only file or folder)", line);
        Assert.Equal(before.Keys.Order(), Directory.GetFiles(folder).Order());
        foreach (var (file, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(file));
    }

    private static CliRunner.Outcome AsNobody(params string[] arguments)
    {
        var run = Processes.Run("/usr/bin/setpriv",
            ["--reuid", Nobody, "--regid", Nobody, "--clear-groups", "dotnet", Path.Combine(AppContext.BaseDirectory, "tunewise.dll"), .. arguments], TimeSpan.FromMinutes(3),
            "/", new Dictionary<string, string?> { ["HOME"] = Path.GetTempPath(), ["DOTNET_CLI_HOME"] = Path.GetTempPath() });
        return new CliRunner.Outcome(run.ExitCode, run.Output, run.Error);
    }
}
