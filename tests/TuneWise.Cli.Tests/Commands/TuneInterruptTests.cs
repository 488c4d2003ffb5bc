using TuneWise.Cli.Tests.Tuning;
using TuneWise.Core.Trials;

namespace TuneWise.Cli.Tests.Commands;

public class TuneInterruptTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public async Task An_interrupt_hands_the_running_trial_back_and_the_same_command_finishes_the_study()
    {
        // Long trials and no pruning, so that most of the study is still ahead when the interrupt comes.
        // The cancellation is what Ctrl+C and SIGTERM raise in the command (see Interrupts).
        var experiment = TuneProcessTests.Rewrite(TuneProcessTests.Study(trials: 4),
            ("\"pruner\": { \"asha\": null }", "\"pruner\": { \"asha\": null, \"health\": null }"), ("\"epochs\": 6", "\"epochs\": 25"));
        var db = TuneExperiments.StudyOf(experiment);
        using var interrupt = new CancellationTokenSource();
        var run = Task.Run(() => CliRunner.Run(["tune", experiment, "--json", "--quiet"], interrupt.Token));
        Assert.True(await TuneProcessTests.MidTrial(db, () => !run.IsCompleted, finished: 1), "tune never reached the middle of its second trial");
        interrupt.Cancel();
        var stopped = await run;

        Assert.True(stopped.ExitCode == 1, stopped.Error);
        Assert.Contains("handed back", stopped.Error);
        Assert.Contains("\"endedBy\": \"cancelled\"", stopped.Output);
        var trials = TuneProcessTests.Read(db);
        Assert.DoesNotContain(trials, t => t.Record.State == TrialState.Running);
        var waiting = Assert.Single(trials, t => t.Record.State == TrialState.Waiting);
        Assert.Empty(waiting.Intermediate);

        var again = CliRunner.Run("tune", experiment, "--quiet");
        Assert.True(again.ExitCode == 0, again.Error);
        var after = TuneProcessTests.Read(db);
        Assert.Equal(4, after.Count);
        Assert.All(after, t => Assert.Equal(TrialState.Complete, t.Record.State));
    }
}
