using System.Diagnostics;
using TuneWise.Search.Pruners;
using TuneWise.Search.Storage;
using TuneWise.Core.Trials;
using TuneWise.Testing;

namespace TuneWise.Storage.Sqlite.Tests;

public class SqliteStudyStorageTests
{
    internal static string TempDb() => Path.Combine(Directory.CreateTempSubdirectory("study").FullName, "study.db");

    private static readonly Dictionary<string, object> Params = new() { ["lr"] = 0.01, ["optimizer"] = "adam", ["batch"] = 64L, ["bn"] = true };

    [Fact]
    public void A_study_file_that_does_not_count_its_changes_is_read_whole_and_given_the_count_by_its_first_writer()
    {
        // A file as TuneWise wrote it before trials counted their changes: the same tables without them.
        var path = TempDb();
        using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=false"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                INSERT INTO meta VALUES ('schema', '1');
                CREATE TABLE study (id INTEGER PRIMARY KEY, name TEXT NOT NULL, experiment TEXT NOT NULL, experiment_key TEXT NOT NULL, created INTEGER NOT NULL);
                CREATE TABLE trials (study INTEGER NOT NULL, number INTEGER NOT NULL, state TEXT NOT NULL, params TEXT NOT NULL,
                    value REAL, unhealthy INTEGER NOT NULL DEFAULT 0, retries INTEGER NOT NULL DEFAULT 0,
                    worker TEXT, heartbeat INTEGER, started INTEGER, finished INTEGER,
                    pruner TEXT, prune_reason TEXT, prune_step INTEGER, error TEXT, seed INTEGER, PRIMARY KEY (study, number));
                CREATE TABLE intermediate (study INTEGER NOT NULL, trial INTEGER NOT NULL, step INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY (study, trial, step));
                CREATE TABLE health (study INTEGER NOT NULL, trial INTEGER NOT NULL, verdicts TEXT NOT NULL, series TEXT NOT NULL, PRIMARY KEY (study, trial));
                CREATE TABLE range_tests (study INTEGER NOT NULL, optimizer TEXT NOT NULL, result TEXT NOT NULL, PRIMARY KEY (study, optimizer));
                CREATE TABLE attributes (study INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (study, key));
                INSERT INTO study VALUES (1, 's', '{}', 'key', 0);
                INSERT INTO trials (study, number, state, params, value, started, finished) VALUES (1, 0, 'complete', '{"lr":0.01}', 0.25, 0, 1000);
                INSERT INTO intermediate VALUES (1, 0, 0, 0.5), (1, 0, 1, 0.25);
                """;
            create.ExecuteNonQuery();
        }
        using (var reader = new SqliteStudyStorage(path, readOnly: true))
        {
            reader.Open("s", "{}", "key");
            Assert.Equal(0.25, Assert.Single(reader.Trials(withHealthSeries: false)).Record.Value);
        }
        using var writer = new SqliteStudyStorage(path);
        writer.Open("s", "{}", "key");
        using var other = new SqliteStudyStorage(path);
        other.Open("s", "{}", "key");
        Assert.Equal([0.5, 0.25], Assert.Single(other.Trials(withHealthSeries: false)).Intermediate.Values);
        var next = writer.Claim("w", 10, (_, _) => Params)!;
        writer.Report(next.Record.Number, 0, 0.75);
        var seen = other.Trials(withHealthSeries: false);
        Assert.Equal([(0, TrialState.Complete, 2), (1, TrialState.Running, 1)], seen.Select(t => (t.Record.Number, t.Record.State, t.Intermediate.Count)));
    }

    [Fact]
    public void Every_state_change_is_on_disk_when_the_call_returns()
    {
        var path = TempDb();
        using (var storage = new SqliteStudyStorage(path))
        {
            storage.Open("s", "{}", "key");
            var trial = storage.Claim("w1", 10, (history, n) => Params, n => 1000 + n)!;
            storage.SaveHealth(trial.Record.Number, "[{\"code\":\"vanishing_gradient\"}]", "{\"steps\":[0,100]}");
            storage.Report(trial.Record.Number, 0, 1.5);
            storage.Report(trial.Record.Number, 1, 1.2);
            storage.Finish(trial.Record.Number, TrialState.Pruned, 1.2, unhealthy: true, pruned: new PruneDecision("health", "vanishing", 1, Unhealthy: true));
            storage.SaveRangeTest("adam", "{\"recommended\": 0.001}");
        }
        using var reopened = new SqliteStudyStorage(path);
        reopened.Open("s", "{}", "key");
        var stored = Assert.Single(reopened.Trials());
        Assert.Equal(TrialState.Pruned, stored.Record.State);
        Assert.True(stored.Record.Unhealthy);
        Assert.Equal(new PruneDecision("health", "vanishing", 1, Unhealthy: true), stored.Pruned);
        Assert.Equal(1.2, stored.Intermediate[1]);
        Assert.Equal(0.01, stored.Record.Parameters["lr"]);
        Assert.Equal("adam", stored.Record.Parameters["optimizer"]);
        Assert.Equal(64L, stored.Record.Parameters["batch"]);
        Assert.Equal(true, stored.Record.Parameters["bn"]);
        Assert.Equal(1000, stored.Seed);
        Assert.Contains("vanishing_gradient", stored.HealthVerdicts);
        Assert.Contains("steps", stored.HealthSeries);
        Assert.NotNull(stored.Seconds);
        Assert.Contains("0.001", reopened.RangeTests()["adam"]);
    }

    [Fact]
    public void A_study_file_of_another_experiment_is_refused()
    {
        var path = TempDb();
        using (var storage = new SqliteStudyStorage(path)) storage.Open("s", "{}", "key-a");
        using var other = new SqliteStudyStorage(path);
        var error = Assert.Throws<StudyMismatchException>(() => other.Open("s", "{}", "key-b"));
        Assert.Contains("different experiment", error.Message);
    }

    [Fact]
    public void A_corrupt_file_is_an_error_and_is_left_untouched()
    {
        var path = TempDb();
        File.WriteAllText(path, "this is not a database, it is someone's notes");
        var before = File.ReadAllBytes(path);
        var error = Assert.Throws<StudyMismatchException>(() => { using var _ = new SqliteStudyStorage(path); });
        Assert.Contains("not a readable TuneWise study file", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void Another_applications_database_is_refused()
    {
        var path = TempDb();
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "CREATE TABLE invoices (id INTEGER); INSERT INTO invoices VALUES (1);";
            cmd.ExecuteNonQuery();
        }
        var error = Assert.Throws<StudyMismatchException>(() => { using var _ = new SqliteStudyStorage(path); });
        Assert.Contains("not a TuneWise study", error.Message);
    }

    [Fact]
    public void A_trial_of_a_dead_worker_is_requeued_then_failed_after_its_retries()
    {
        // The store's clock, moved past the timeout instead of slept through.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero));
        using var storage = new SqliteStudyStorage(TempDb(), clock);
        storage.Open("s", "{}", "key");
        var trial = storage.Claim("dead", 10, (_, _) => Params)!;
        Assert.Equal(0, storage.RecoverStale(TimeSpan.FromSeconds(60), maxRetries: 1));
        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(1, storage.RecoverStale(TimeSpan.FromSeconds(60), maxRetries: 1));
        Assert.Equal(TrialState.Waiting, storage.Trials()[0].Record.State);
        var again = storage.Claim("alive", 10, (_, _) => throw new InvalidOperationException("a waiting trial is taken first"))!;
        Assert.Equal(trial.Record.Number, again.Record.Number);
        clock.Advance(TimeSpan.FromSeconds(61));
        storage.RecoverStale(TimeSpan.FromSeconds(60), maxRetries: 1);
        var failed = storage.Trials()[0];
        Assert.Equal(TrialState.Failed, failed.Record.State);
        Assert.Equal(1, failed.Retries);
        Assert.Contains("heartbeats", failed.Error);
    }

    [Fact]
    public void A_study_file_of_a_newer_schema_is_refused_and_left_untouched()
    {
        var path = TempDb();
        using (var storage = new SqliteStudyStorage(path)) storage.Open("s", "{}", "key");
        using (var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            raw.Open();
            using var bump = raw.CreateCommand();
            bump.CommandText = "UPDATE meta SET value = '2' WHERE key = 'schema'";
            bump.ExecuteNonQuery();
        }
        var before = File.ReadAllBytes(path);

        var error = Assert.Throws<StudyMismatchException>(() => { using var _ = new SqliteStudyStorage(path); });
        Assert.Contains("newer TuneWise (study schema 2; this one reads up to 1)", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }
}

/// <summary>Runs alone in this assembly: its worker processes keep time with sleeps and heartbeats that other tests could starve.</summary>
[CollectionDefinition("processes", DisableParallelization = true)]
public sealed class ProcessCollection;

/// <summary>Real processes against one study file: killed with SIGKILL, and three at once.</summary>
[Collection("processes")]
[Trait("Category", "Slow")]
public class StudyProcessTests
{
    private static Process Worker(string db, int trials, string name, int stepMs, int steps, int timeoutMs = 60_000) =>
        Processes.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "TuneWise.Storage.Sqlite.Tests.Worker.dll"), db, $"{trials}", name, $"{stepMs}", $"{steps}", $"{timeoutMs}"]);

    private static IReadOnlyList<StoredTrial> Read(string db)
    {
        using var storage = new SqliteStudyStorage(db);
        storage.Open("crash-test", "{}", "branin-key");
        return storage.Trials();
    }

    [Fact]
    public async Task A_study_killed_mid_trial_resumes_with_every_completed_trial_and_the_dead_one_requeued()
    {
        var db = SqliteStudyStorageTests.TempDb();
        using var victim = Worker(db, 8, "victim", stepMs: 60, steps: 5);
        // Wait until some trials are complete and one is running, then kill -9.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        bool midTrial = false;
        while (!midTrial && DateTime.UtcNow < deadline && !victim.HasExited)
        {
            await Task.Delay(20);
            if (!File.Exists(db)) continue;
            var trials = Read(db);
            midTrial = trials.Count(t => t.Record.State == TrialState.Complete) >= 3 && trials.Any(t => t.Record.State == TrialState.Running && t.Intermediate.Count >= 1);
        }
        victim.Kill(entireProcessTree: true);
        Assert.True(midTrial, $"the worker never reached the middle of its fourth trial (exited: {victim.HasExited}): {await victim.StandardError.ReadToEndAsync()}");
        await victim.WaitForExitAsync();
        var before = Read(db);
        var completedBefore = before.Where(t => t.Record.State == TrialState.Complete).ToDictionary(t => t.Record.Number, t => t.Record.Value);
        var dead = Assert.Single(before, t => t.Record.State == TrialState.Running);
        Assert.True(completedBefore.Count >= 3);

        await Task.Delay(400); // the dead worker's heartbeat goes stale
        using var survivor = Worker(db, 8, "survivor", stepMs: 10, steps: 5, timeoutMs: 300);
        await survivor.WaitForExitAsync();
        Assert.Equal(0, survivor.ExitCode);

        var after = Read(db);
        foreach (var (number, value) in completedBefore)
            Assert.Equal(value, after.Single(t => t.Record.Number == number).Record.Value);
        var requeued = after.Single(t => t.Record.Number == dead.Record.Number);
        Assert.Equal(TrialState.Complete, requeued.Record.State);
        Assert.Equal(1, requeued.Retries);
        Assert.Equal("survivor", requeued.Worker);
        Assert.Equal(8, after.Count(t => t.Record.State == TrialState.Complete));
        Assert.Equal(8, after.Count);
    }

    [Fact]
    public async Task Three_processes_share_one_study_without_duplicating_or_losing_a_trial()
    {
        var db = SqliteStudyStorageTests.TempDb();
        using (var init = new SqliteStudyStorage(db)) init.Open("crash-test", "{}", "branin-key");
        var workers = Enumerable.Range(1, 3).Select(i => Worker(db, 15, $"w{i}", stepMs: 5, steps: 3)).ToList();
        var outputs = await Task.WhenAll(workers.Select(async w => { var o = await w.StandardOutput.ReadToEndAsync(); await w.WaitForExitAsync(); return (o, w.ExitCode, await w.StandardError.ReadToEndAsync()); }));
        Assert.All(outputs, o => Assert.True(o.ExitCode == 0, o.Item3));
        var trials = Read(db);
        Assert.Equal(15, trials.Count);
        Assert.Equal(Enumerable.Range(0, 15), trials.Select(t => t.Record.Number));
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.Record.State));
        var finishedLines = outputs.SelectMany(o => o.o.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(15, finishedLines.Count);
        Assert.Equal(15, finishedLines.Select(l => l.Split(' ')[^1]).Distinct().Count());
        Assert.True(trials.Select(t => t.Worker).Distinct().Count() >= 2, "the work was shared");
    }
}
