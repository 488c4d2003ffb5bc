using TuneWise.Core.Trials;
using TuneWise.Search.Storage;
using TuneWise.Testing;

namespace TuneWise.Storage.Postgres.Tests;

[Collection(PostgresCollection.Name)]
public class PostgresStudyStorageContractTests(PostgresServer server) : SharedStudyStorageContract
{
    protected override (IStudyStorage First, IStudyStorage Second) TwoWorkers()
    {
        Skip.If(server.Unavailable is not null, server.Unavailable);
        // Each test its own study in the shared server.
        string name = "s-" + Guid.NewGuid().ToString("N");
        var first = new PostgresStudyStorage(server.ConnectionString, Clock);
        var second = new PostgresStudyStorage(server.ConnectionString, Clock);
        first.Open(name, "{}", "key");
        second.Open(name, "{}", "key");
        return (first, second);
    }

    protected override IStudyStorage Unopened()
    {
        Skip.If(server.Unavailable is not null, server.Unavailable);
        return new PostgresStudyStorage(server.ConnectionString);
    }

    [SkippableFact]
    public void Another_experiments_study_of_the_same_name_is_refused()
    {
        var (first, _) = TwoWorkers();
        using var other = new PostgresStudyStorage(server.ConnectionString);
        string name = "shared-" + Guid.NewGuid().ToString("N");
        first.Open(name, "{}", "key-a");

        var error = Assert.Throws<StudyMismatchException>(() => other.Open(name, "{}", "key-b"));
        Assert.Contains("of a different experiment", error.Message);
    }

    [SkippableFact]
    public void A_server_restart_in_the_middle_of_a_trial_loses_nothing_and_records_nothing_twice()
    {
        var (a, _) = TwoWorkers();
        int trial = a.Claim("a", 10, (_, _) => new Dictionary<string, object> { ["x"] = 1.0 })!.Record.Number;
        a.Report(trial, 0, 0.7, "a");

        server.Stop();
        var restart = Task.Run(() => { Thread.Sleep(1500); server.Start(); });
        // Written while the server is down: retried with backoff until it is back.
        a.Report(trial, 1, 0.6, "a");
        a.Finish(trial, TrialState.Complete, 0.6, worker: "a");
        restart.Wait();

        var stored = Assert.Single(a.Trials());
        Assert.Equal((TrialState.Complete, 0.6), (stored.Record.State, stored.Record.Value!.Value));
        Assert.Equal([0.7, 0.6], stored.Intermediate.OrderBy(p => p.Key).Select(p => p.Value));
        Assert.Equal(1, a.Claim("a", 10, (_, _) => new Dictionary<string, object> { ["x"] = 2.0 })!.Record.Number);
    }
}
