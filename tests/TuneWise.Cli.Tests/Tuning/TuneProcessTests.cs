using System.Diagnostics;
using TuneWise.Core.Trials;
using TuneWise.Search.Storage;
using TuneWise.Storage.Sqlite;
using TuneWise.Testing;

namespace TuneWise.Cli.Tests.Tuning;

/// <summary>Real <c>tunewise tune</c> processes on one study: killed with SIGKILL and rerun, and three at once.</summary>
[Trait("Category", "Slow")]
public class TuneProcessTests
{
    // Trials long enough (6 epochs on 6,000 images) to be caught in the middle.
    internal static string Study(int trials) =>
        Rewrite(TuneExperiments.Write(trials, epochs: 6), ("\"trainLimit\": 1000", "\"trainLimit\": 6000"), ("\"hidden\": [32]", "\"hidden\": [128]"));

    internal static string Rewrite(string path, params (string From, string To)[] changes)
    {
        var text = File.ReadAllText(path);
        foreach (var (from, to) in changes) text = text.Replace(from, to, StringComparison.Ordinal);
        File.WriteAllText(path, text);
        return path;
    }

    private static Process Tune(string experiment, bool quiet = true) =>
        Processes.StartTunewise(["tune", experiment, .. (quiet ? ["--quiet"] : Array.Empty<string>()), "--json"]);

    internal static IReadOnlyList<StoredTrial> Read(string db)
    {
        using var storage = new SqliteStudyStorage(db);
        var (name, json, key) = storage.Studies().Single();
        storage.Open(name, json, key);
        return storage.Trials();
    }

    private static async Task<(int Code, string Output, string Error)> Finish(Process p)
    {
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await output, await error);
    }

    [Fact]
    public async Task A_tune_killed_mid_trial_and_run_again_ends_with_the_full_budget_and_no_trial_lost_or_run_twice()
    {
        var experiment = Study(trials: 5);
        var db = TuneExperiments.StudyOf(experiment);
        using var victim = Tune(experiment);
        bool midTrial = await MidTrial(db, victim, finished: 2);
        victim.Kill(entireProcessTree: true); // SIGKILL: no handler runs
        await victim.WaitForExitAsync();
        Assert.True(midTrial, $"tune never reached the middle of its third trial (exited: {victim.HasExited}): {await victim.StandardError.ReadToEndAsync()}");
        var before = Read(db);
        var finishedBefore = before.Where(t => t.Record.IsFinished).ToDictionary(t => t.Record.Number, t => t.Record);
        var dead = Assert.Single(before, t => t.Record.State == TrialState.Running);

        using var rerun = Tune(experiment);
        var (code, _, error) = await Finish(rerun);
        Assert.True(code == 0, error);

        var after = Read(db);
        Assert.Equal(5, after.Count(t => t.Record.CountsTowardsBudget));
        Assert.Equal(Enumerable.Range(0, after.Count), after.Select(t => t.Record.Number));
        Assert.DoesNotContain(after, t => t.Record.State is TrialState.Failed or TrialState.Running or TrialState.Waiting);
        foreach (var (number, record) in finishedBefore)
        {
            Assert.Equal((record.State, record.Value, record.Unhealthy), (after[number].Record.State, after[number].Record.Value, after[number].Record.Unhealthy));
            Assert.Equal(TuningJobKey(record.Parameters), TuningJobKey(after[number].Record.Parameters));
        }
        // The killed trial was handed back at once (its process is gone) and run again to the end by the rerun.
        Assert.True(after[dead.Record.Number].Record.IsFinished);
        Assert.NotEqual(dead.Worker, after[dead.Record.Number].Worker);
    }

    [Fact]
    public async Task A_trial_killed_after_some_epochs_resumes_from_its_checkpoint_and_ends_as_an_uninterrupted_one()
    {
        var experiment = Study(trials: 2);
        var db = TuneExperiments.StudyOf(experiment);
        var checkpoints = Path.Combine(Path.GetDirectoryName(experiment)!, "small-study.checkpoints");
        using var victim = Tune(experiment);
        // Killed once a running trial has saved two whole epochs of its six.
        int saved = 0;
        string? trialFolder = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(120); DateTime.UtcNow < deadline && !victim.HasExited && saved < 2; await Task.Delay(25))
        {
            trialFolder = Directory.Exists(checkpoints) ? Directory.GetDirectories(checkpoints).FirstOrDefault() : null;
            saved = trialFolder is null ? 0 : new Models.Training.TrainingCheckpoint(trialFolder).SavedEpochs;
        }
        victim.Kill(entireProcessTree: true); // SIGKILL: no handler runs
        await victim.WaitForExitAsync();
        Assert.True(saved >= 2, $"no trial saved two epochs (exited: {victim.HasExited}): {await victim.StandardError.ReadToEndAsync()}");
        int killed = int.Parse(Path.GetFileName(trialFolder!)["trial-".Length..]);
        Assert.Equal(TrialState.Running, Read(db)[killed].Record.State);

        // The rerun resumes the trial: the first epoch it keeps is past the saved ones (a fresh start would write epoch 1 again).
        using var rerun = Tune(experiment, quiet: false);
        var finishing = Finish(rerun);
        var written = new SortedSet<int>();
        while (!finishing.IsCompleted)
        {
            if (Directory.Exists(trialFolder))
                try { written.UnionWith(Directory.GetDirectories(trialFolder!, "epoch-*").Select(d => int.Parse(Path.GetFileName(d)["epoch-".Length..]))); }
                catch (DirectoryNotFoundException) { }   // removed as the trial ended
            await Task.Delay(10);
        }
        var (code, _, error) = await finishing;
        Assert.True(code == 0, error);
        Assert.NotEmpty(written);
        Assert.True(written.Min >= saved, $"the rerun wrote epochs {string.Join(", ", written)} after {saved} were saved");
        // Its log says so, and what the kill cost: less than the epoch in progress.
        var said = System.Text.RegularExpressions.Regex.Match(error, $@"trial {killed} resumed after epoch (\d+) from its checkpoint, ([0-9.]+) epoch lost to the interruption");
        Assert.True(said.Success, error);
        Assert.Equal(written.Min, int.Parse(said.Groups[1].Value));
        Assert.InRange(double.Parse(said.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), 0, 1);

        // The same study, never interrupted.
        var reference = Study(trials: 2);
        using var whole = Tune(reference);
        var (referenceCode, _, referenceError) = await Finish(whole);
        Assert.True(referenceCode == 0, referenceError);

        var resumed = Read(db)[killed].Record;
        var uninterrupted = Read(TuneExperiments.StudyOf(reference))[killed].Record;
        Assert.Equal(TuningJobKey(uninterrupted.Parameters), TuningJobKey(resumed.Parameters));
        Assert.Equal((uninterrupted.State, uninterrupted.Value), (resumed.State, resumed.Value));
        Assert.Equal(Read(TuneExperiments.StudyOf(reference))[killed].Intermediate, Read(db)[killed].Intermediate);
        Assert.False(Directory.Exists(checkpoints), "the checkpoints of ended trials are removed");
    }

    [Fact]
    public async Task Workers_started_by_tune_end_with_it_when_it_is_killed_and_hand_their_trials_back()
    {
        var experiment = Study(trials: 12);
        var db = TuneExperiments.StudyOf(experiment);
        using var parent = Processes.StartTunewise(["tune", experiment, "--quiet", "--workers", "3"]);
        bool midTrial = await MidTrial(db, parent, finished: 1);
        Assert.True(midTrial, "the study never got going");
        List<string> workers = [];
        for (var wait = DateTime.UtcNow.AddSeconds(60); workers.Count == 0 && DateTime.UtcNow < wait && !parent.HasExited; await Task.Delay(50))
            workers = Read(db).Where(t => t.Record.State == TrialState.Running).Select(t => t.Worker!).Where(w => !w.EndsWith($":{parent.Id}", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(workers);
        parent.Kill(); // SIGKILL of tune alone: its workers are not told
        await parent.WaitForExitAsync();

        // Each worker sees its parent gone within a second or two, hands its trial back and exits.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && workers.Any(w => !Search.Studies.LocalWorkers.IsDead(w))) await Task.Delay(100);
        Assert.All(workers, w => Assert.True(Search.Studies.LocalWorkers.IsDead(w), $"worker {w} still runs after its tune was killed"));
        var after = Read(db);
        Assert.DoesNotContain(after, t => t.Record.State == TrialState.Running && workers.Contains(t.Worker!));
        int count = after.Count;
        await Task.Delay(3000);
        Assert.Equal(count, Read(db).Count);
    }

    internal static Task<bool> MidTrial(string db, Process process, int finished) => MidTrial(db, () => !process.HasExited, finished);

    /// <summary>Waits until the study has <paramref name="finished"/> finished trials and one running past its first epoch; false if the run ends first.</summary>
    internal static async Task<bool> MidTrial(string db, Func<bool> running, int finished)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline && running())
        {
            await Task.Delay(25);
            if (!File.Exists(db)) continue;
            try
            {
                var trials = Read(db);
                if (trials.Count(t => t.Record.IsFinished) >= finished && trials.Any(t => t.Record.State == TrialState.Running && t.Intermediate.Count >= 1)) return true;
            }
            catch (InvalidOperationException)
            {
                // The study row is not written yet.
            }
        }
        return false;
    }

    [Fact]
    public async Task Three_tune_processes_on_one_study_end_with_exactly_the_budget_and_no_duplicates()
    {
        var experiment = Study(trials: 6);
        var processes = Enumerable.Range(0, 3).Select(_ => Tune(experiment)).ToList();
        var results = await Task.WhenAll(processes.Select(Finish));
        foreach (var p in processes) p.Dispose();
        Assert.All(results, r => Assert.True(r.Code == 0, r.Error));

        var trials = Read(TuneExperiments.StudyOf(experiment));
        Assert.Equal(6, trials.Count);
        Assert.Equal(Enumerable.Range(0, 6), trials.Select(t => t.Record.Number));
        Assert.All(trials, t => Assert.True(t.Record.IsFinished && t.Record.State != TrialState.Failed, $"trial {t.Record.Number}: {t.Record.State} {t.Error}"));
        var distinct = trials.Select(t => TuningJobKey(t.Record.Parameters)).Distinct().Count();
        Assert.Equal(6, distinct);
        Assert.True(trials.Select(t => t.Worker).Distinct().Count() >= 2, "the work was shared between the processes");
    }

    private static string TuningJobKey(IReadOnlyDictionary<string, object> parameters) =>
        string.Join(",", parameters.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
}
