using TuneWise.Core.Trials;
using TuneWise.Search.Storage;

namespace TuneWise.Testing;

/// <summary>
/// What every study store must do the same way, run against each store: fencing a worker that has
/// lost its trial, never overwriting an ended trial, parameter types and non-finite values as
/// written, one number per trial across workers.
/// </summary>
public abstract class StudyStorageContract
{
    /// <summary>The clock every store of a test reads: tests move it instead of sleeping.</summary>
    protected Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    /// <summary>Two workers' views of one new study (the same object for an in-process store), both on <see cref="Clock"/>.</summary>
    protected abstract (IStudyStorage First, IStudyStorage Second) TwoWorkers();

    private static readonly Dictionary<string, object> Params = new() { ["x"] = 0.5 };

    protected static StoredTrial Claim(IStudyStorage storage, string worker, IReadOnlyDictionary<string, object>? parameters = null) =>
        storage.Claim(worker, 100, (_, _) => parameters ?? Params)!;

    [SkippableFact]
    public void A_stalled_worker_cannot_overwrite_the_trial_another_worker_took_over()
    {
        var (a, b) = TwoWorkers();
        int trial = Claim(a, "a").Record.Number;
        a.Report(trial, 0, 0.9, "a");
        // "a" stalls (a suspended laptop): its heartbeat times out and the trial goes back to the queue.
        Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, b.RecoverStale(TimeSpan.FromMinutes(1), maxRetries: 3));
        Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, b.RecoverStale(TimeSpan.FromMinutes(1), maxRetries: 3));
        Assert.Equal(trial, Claim(b, "b").Record.Number);
        b.Report(trial, 0, 0.4, "b");
        b.Finish(trial, TrialState.Complete, 0.4, worker: "b");

        // "a" wakes up: every write is refused, and it is told so.
        Assert.False(a.Heartbeat(trial, "a"));
        Assert.Throws<TrialLostException>(() => a.Report(trial, 1, 0.8, "a"));
        Assert.Throws<TrialLostException>(() => a.SaveHealth(trial, "[]", "[]", "a"));
        var lost = Assert.Throws<TrialLostException>(() => a.Finish(trial, TrialState.Complete, 0.8, worker: "a"));
        Assert.Equal(trial, lost.Trial);

        var stored = Assert.Single(a.Trials());
        Assert.Equal((TrialState.Complete, 0.4, "b"), (stored.Record.State, stored.Record.Value!.Value, stored.Worker));
        Assert.Equal(0.4, stored.Intermediate[0]);
    }

    [SkippableFact]
    public void Each_read_of_the_trials_shows_every_change_made_by_either_worker_since_the_last_one()
    {
        var (a, b) = TwoWorkers();
        // Both read once, so that what follows is read as changes to what each already holds.
        Assert.Empty(a.Trials(withHealthSeries: false));
        Assert.Empty(b.Trials(withHealthSeries: false));
        int first = Claim(a, "a").Record.Number;
        int second = Claim(b, "b").Record.Number;
        a.Report(first, 0, 0.7, "a");
        b.Report(second, 0, 0.6, "b");
        Assert.Equal([(first, TrialState.Running, 1), (second, TrialState.Running, 1)],
            b.Trials(withHealthSeries: false).Select(t => (t.Record.Number, t.Record.State, t.Intermediate.Count)));

        a.Report(first, 1, 0.5, "a");
        a.SaveHealth(first, "[{\"code\":\"ok\"}]", "[]", "a");
        a.Finish(first, TrialState.Complete, 0.5, worker: "a");
        var seen = b.Trials(withHealthSeries: false).Single(t => t.Record.Number == first);
        Assert.Equal((TrialState.Complete, 0.5, 2, "[{\"code\":\"ok\"}]"), (seen.Record.State, seen.Record.Value!.Value, seen.Intermediate.Count, seen.HealthVerdicts));

        // A trial handed back loses its reports; the reader holding them must drop them too.
        b.Release(second, "b");
        var back = a.Trials(withHealthSeries: false).Single(t => t.Record.Number == second);
        Assert.Equal((TrialState.Waiting, 0), (back.Record.State, back.Intermediate.Count));
        Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(second, Claim(a, "a").Record.Number);
        Assert.True(a.Heartbeat(second, "a"));
        var beat = b.Trials(withHealthSeries: false).Single(t => t.Record.Number == second);
        Assert.Equal(("a", Clock.GetUtcNow()), (beat.Worker, beat.LastHeartbeat));
        // The full read (with health series) and the incremental one agree.
        Assert.Equal(b.Trials().Select(t => (t.Record.Number, t.Record.State, t.Record.Value, t.Worker, t.Intermediate.Count, t.HealthVerdicts)),
            b.Trials(withHealthSeries: false).Select(t => (t.Record.Number, t.Record.State, t.Record.Value, t.Worker, t.Intermediate.Count, t.HealthVerdicts)));
    }

    [SkippableFact]
    public void A_running_trial_still_held_by_its_worker_takes_its_writes()
    {
        var (a, _) = TwoWorkers();
        int trial = Claim(a, "a").Record.Number;

        Assert.True(a.Heartbeat(trial, "a"));
        Assert.False(a.Heartbeat(trial, "someone-else"));
        Assert.Throws<TrialLostException>(() => a.Report(trial, 0, 1, "someone-else"));
        a.Report(trial, 0, 1, "a");
        a.Finish(trial, TrialState.Pruned, 1, pruned: new PruneDecision("asha", "slow", 0), worker: "a");

        Assert.Equal(TrialState.Pruned, Assert.Single(a.Trials()).Record.State);
    }

    [SkippableFact]
    public void An_ended_trial_is_never_written_again()
    {
        var (a, _) = TwoWorkers();
        int trial = Claim(a, "a").Record.Number;
        a.Finish(trial, TrialState.Complete, 0.3);

        Assert.Throws<TrialLostException>(() => a.Finish(trial, TrialState.Failed, null, error: "late"));
        Assert.Throws<TrialLostException>(() => a.Report(trial, 5, 9));
        var stored = Assert.Single(a.Trials());
        Assert.Equal((TrialState.Complete, 0.3), (stored.Record.State, stored.Record.Value!.Value));
        Assert.Empty(stored.Intermediate);
    }

    [SkippableFact]
    public void Parameters_come_back_with_the_types_they_were_written_with()
    {
        var (a, _) = TwoWorkers();
        var written = new Dictionary<string, object> { ["x1"] = -5.0, ["learningRate"] = 1.0, ["dropout"] = 0.25, ["batchSize"] = 64L, ["optimizer"] = "adam", ["batchNorm"] = true };
        Claim(a, "a", written);

        var read = Assert.Single(a.Trials()).Record.Parameters;
        Assert.Equal(written.Keys.Order(), read.Keys.Order());
        foreach (var (name, value) in written)
        {
            Assert.Equal(value.GetType(), read[name].GetType());
            Assert.Equal(value, read[name]);
        }
        // A user objective casting a float parameter to double works on every store.
        Assert.Equal(-5.0, (double)read["x1"]);
    }

    [SkippableTheory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_non_finite_value_is_stored_as_no_value(double value)
    {
        var (a, _) = TwoWorkers();
        int trial = Claim(a, "a").Record.Number;
        a.Finish(trial, TrialState.Complete, value);

        Assert.Null(Assert.Single(a.Trials()).Record.Value);
    }

    [SkippableFact]
    public void Workers_claiming_at_once_never_share_a_trial_number()
    {
        var (a, b) = TwoWorkers();
        var numbers = new System.Collections.Concurrent.ConcurrentBag<int>();
        Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var storage = i % 2 == 0 ? a : b;
            numbers.Add(Claim(storage, $"w{i}").Record.Number);
        });

        Assert.Equal(Enumerable.Range(0, 40), numbers.Order());
    }

    [SkippableFact]
    public void A_store_that_was_not_opened_refuses_to_work()
    {
        using var storage = Unopened();
        Assert.Throws<InvalidOperationException>(() => storage.Claim("a", 10, (_, _) => Params));
    }

    /// <summary>A new store of this kind, not opened.</summary>
    protected abstract IStudyStorage Unopened();
}

/// <summary>
/// What a store shared by processes promises besides: a claim proposes outside the store's lock (an
/// in-process store serves one process, and its claims are atomic under its own lock).
/// </summary>
public abstract class SharedStudyStorageContract : StudyStorageContract
{
    [SkippableFact]
    public void A_worker_that_proposes_holds_no_lock_and_proposes_again_when_its_number_was_taken()
    {
        var (a, b) = TwoWorkers();
        using var proposing = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var proposedFor = new System.Collections.Concurrent.ConcurrentQueue<int>();
        var slow = Task.Run(() => a.Claim("slow", 10, (_, next) =>
        {
            proposedFor.Enqueue(next);
            proposing.Set();
            release.Wait(TimeSpan.FromMinutes(1));
            return new Dictionary<string, object> { ["x"] = next + 0.5 };
        })!);
        Assert.True(proposing.Wait(TimeSpan.FromMinutes(1)), "the slow worker never proposed");
        // While it proposes, another worker claims, beats and reports: nothing waits behind a proposal.
        var fast = Task.Run(() =>
        {
            var trial = Claim(b, "fast");
            Assert.True(b.Heartbeat(trial.Record.Number, "fast"));
            b.Report(trial.Record.Number, 0, 0.5, "fast");
            return trial;
        });
        Assert.True(fast.Wait(TimeSpan.FromMinutes(1)), "a claim waited for another worker's proposal");
        release.Set();
        Assert.True(slow.Wait(TimeSpan.FromMinutes(1)));

        Assert.Equal(0, fast.Result.Record.Number);
        Assert.Equal(1, slow.Result.Record.Number);
        // Proposed for trial 0 outside the lock, lost it, and proposed again for trial 1 under the lock.
        Assert.Equal([0, 1], proposedFor);
        Assert.Equal(1.5, Convert.ToDouble(slow.Result.Record.Parameters["x"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal([0, 1], a.Trials().Select(t => t.Record.Number));
    }
}
