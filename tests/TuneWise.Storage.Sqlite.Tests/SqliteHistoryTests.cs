using TuneWise.Core.Trials;
using TuneWise.Search.Samplers;
using TuneWise.Testing;

namespace TuneWise.Storage.Sqlite.Tests;

public class SqliteHistoryTests
{
    [Fact]
    public void A_sampler_given_the_history_read_back_from_sqlite_proposes_what_it_did_in_memory()
    {
        var problem = SamplerProblems.Mixed;
        var history = SamplerProblems.Minimize(new TpeSampler(3), problem, 25);
        var path = SqliteStudyStorageTests.TempDb();
        using var storage = new SqliteStudyStorage(path);
        storage.Open("s", "{}", "k");
        foreach (var t in history)
        {
            var claimed = storage.Claim("w", 100, (_, _) => t.Parameters)!;
            storage.Finish(claimed.Record.Number, TrialState.Complete, t.Value);
        }
        var stored = storage.Trials().Select(t => t.Record).ToList();
        foreach (var sampler in new ISampler[] { new TpeSampler(3), new GpSampler(3) })
        {
            var fromMemory = sampler.Propose(problem.Space, history, 25);
            var fromDisk = sampler.Propose(problem.Space, stored, 25);
            Assert.Equal(fromMemory.Keys, fromDisk.Keys);
            foreach (var key in fromMemory.Keys)
                Assert.Equal(Convert.ToString(fromMemory[key], System.Globalization.CultureInfo.InvariantCulture), Convert.ToString(fromDisk[key], System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
