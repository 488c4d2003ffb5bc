using TuneWise.Cli.Tests.Tuning;
using TuneWise.Testing;

namespace TuneWise.Cli.Tests.Commands;

/// <summary>What tunewise leaves behind in a real terminal (a pseudo-terminal made by util-linux's <c>script</c>).</summary>
public class TerminalModeTests
{
    [SkippableFact]
    public void A_command_run_in_a_terminal_leaves_it_in_normal_cursor_mode()
    {
        Skip.IfNot(File.Exists("/usr/bin/script"), "no /usr/bin/script (util-linux) to run tunewise in a pseudo-terminal");
        var experiment = TuneExperiments.Write(trials: 1);
        Assert.Equal(0, CliRunner.Run("tune", experiment, "--quiet").ExitCode);

        var command = $"dotnet {Path.Combine(AppContext.BaseDirectory, "tunewise.dll")} status {TuneExperiments.StudyOf(experiment)}";
        string output = Processes.Run("/usr/bin/script", ["-qc", command, "/dev/null"], TimeSpan.FromMinutes(2)).Output;

        Assert.Contains("small-study", output);
        // Whatever switched the terminal to application cursor mode (ESC[?1h) switched it back (ESC[?1l) after.
        int on = output.LastIndexOf("\u001b[?1h", StringComparison.Ordinal), off = output.LastIndexOf("\u001b[?1l", StringComparison.Ordinal);
        Assert.True(on < off || on < 0, "the terminal was left in application cursor mode");
    }
}
