using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using TuneWise.Core.Spaces;
using TuneWise.Core.Trials;
using TuneWise.Search.Pruners;
using TuneWise.Search.Samplers;
using TuneWise.Search.Storage;
using TuneWise.Storage.Postgres;
using TuneWise.Storage.Sqlite;
using TuneWise.Search.Studies;

namespace TuneWise.Benchmarks;

/// <summary>
/// Many workers on one study: N workers, each a thread with its own store connection (a hundred
/// processes of the .NET runtime do not fit two cores), run trials that take 1 s (a sleep, two
/// reports) with the random sampler, on SQLite and, when <c>TUNEWISE_BENCH_POSTGRES</c> is set,
/// PostgreSQL. Measured: trials per second sustained, median and p99 claim time, trial numbers
/// recorded twice and trials lost. The chaos run kills 10 % of the workers at random moments (a
/// killed worker freezes for good: no heartbeat, no write, as after SIGKILL) and, when
/// <c>TUNEWISE_BENCH_PG_RESTART</c> holds the shell command that does it (e.g.
/// <c>pg_ctl -D … -m immediate -w restart</c>, run as the server's user), restarts PostgreSQL once.
/// </summary>
internal static class FleetBenchmark
{
    private static readonly TimeSpan TrialLength = TimeSpan.FromSeconds(1);
    private const int TrialsPerWorker = 15;

    public static string Run(IReadOnlyList<int> fleets)
    {
        var table = new StringBuilder()
            .AppendLine("| store | workers | trials | trials/s sustained | of N/s | median claim | p99 claim | recorded twice | lost |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|");
        var stores = new List<(string Name, Func<string, IStudyStorage> Create)>
        {
            ("SQLite", folder => new SqliteStudyStorage(Path.Combine(folder, "study.db"))),
        };
        if (Environment.GetEnvironmentVariable("TUNEWISE_BENCH_POSTGRES") is { Length: > 0 } connection)
            stores.Add(("PostgreSQL", _ => new PostgresStudyStorage(connection)));
        foreach (var (name, create) in stores)
        {
            foreach (int workers in fleets)
                Row(table, name, workers, Fleet(create, workers, chaos: false, restart: null));
            string? data = name == "PostgreSQL" ? Environment.GetEnvironmentVariable("TUNEWISE_BENCH_PG_RESTART") : null;
            int chaosFleet = fleets.Max();
            Row(table, name + (data is null ? " chaos (10 % killed)" : " chaos (10 % killed, server restarted)"), chaosFleet,
                Fleet(create, chaosFleet, chaos: true, restart: data));
        }
        return table.ToString();
    }

    private static void Row(StringBuilder table, string store, int workers, Result r)
    {
        table.AppendLine(CultureInfo.InvariantCulture,
            $"| {store} | {workers} | {r.Trials} | {r.PerSecond:0.0} | {r.PerSecond / workers:P0} | {r.MedianClaim:0.0} ms | {r.P99Claim:0.0} ms | {r.RecordedTwice} | {r.Lost} |");
        Console.Error.WriteLine(table.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
    }

    private sealed record Result(int Trials, double PerSecond, double MedianClaim, double P99Claim, int RecordedTwice, int Lost);

    private static Result Fleet(Func<string, IStudyStorage> create, int workers, bool chaos, string? restart)
    {
        var folder = Directory.CreateTempSubdirectory("fleet-").FullName;
        string study = $"fleet-{workers}-{Guid.NewGuid():N}";
        int budget = workers * TrialsPerWorker;
        var space = SearchSpace.Create().Float("learningRate", 1e-5, 1, log: true).Float("dropout", 0, 0.5).Build();
        var claims = new ConcurrentBag<double>();
        var recorded = new ConcurrentDictionary<int, int>();
        var finishedAt = new ConcurrentBag<long>();
        var killed = new HashSet<int>(chaos ? Enumerable.Range(0, workers).OrderBy(_ => Random.Shared.Next()).Take(Math.Min(workers - 1, Math.Max(1, workers / 10))) : []);
        var frozen = new ManualResetEventSlim(false);   // never set: a killed worker waits on it for good
        var clock = Stopwatch.StartNew();
        var stores = new List<IStudyStorage>();
        var threads = new List<Thread>();
        for (int w = 0; w < workers; w++)
        {
            var store = new FleetStore(create(folder), claims, recorded, finishedAt, clock, frozen);
            store.Open(study, "{}", "fleet");
            stores.Add(store);
            int worker = w;
            // A killed worker dies inside one of its first trials, at a random moment.
            double dieAt = killed.Contains(worker) ? 1 + Random.Shared.NextDouble() * TrialsPerWorker / 2.0 : double.MaxValue;
            var options = new StudyOptions
            {
                Worker = $"fleet-worker-{worker}", Seed = 1,
                HeartbeatInterval = TimeSpan.FromSeconds(1), HeartbeatTimeout = TimeSpan.FromSeconds(5), MaxRetries = 3,
            };
            var thread = new Thread(() =>
            {
                new Study(store, space, new RandomSampler(worker), options: options).Optimize(trial =>
                {
                    if (clock.Elapsed.TotalSeconds >= dieAt) store.Kill();
                    trial.Report(0, 0.5);
                    Thread.Sleep(TrialLength);
                    trial.Report(1, 0.25);
                    return (double)trial.Parameters["dropout"];
                }, budget);
            }) { IsBackground = true, Name = options.Worker };
            threads.Add(thread);
        }
        foreach (var t in threads) t.Start();
        if (restart is not null)
        {
            Thread.Sleep(TimeSpan.FromSeconds(TrialsPerWorker / 3.0));
            using var pgctl = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", restart]) { RedirectStandardOutput = true })!;
            pgctl.StandardOutput.ReadToEnd();
            pgctl.WaitForExit();
            Console.Error.WriteLine($"server restarted at {clock.Elapsed.TotalSeconds:0} s (exit {pgctl.ExitCode})");
        }
        // Ten times the fleet's work, as a guard: a fleet that stalls is reported, not waited on for ever.
        var deadline = TimeSpan.FromSeconds(TrialsPerWorker * 10 + 60);
        foreach (var (t, i) in threads.Select((t, i) => (t, i)).Where(p => !killed.Contains(p.i)))
            t.Join(deadline - clock.Elapsed is { } left && left > TimeSpan.Zero ? left : TimeSpan.Zero);

        var trials = stores[Enumerable.Range(0, workers).First(i => !killed.Contains(i))].Trials(withHealthSeries: false);
        int complete = trials.Count(t => t.Record.State == TrialState.Complete);
        var times = finishedAt.Order().Select(ms => ms / 1000.0).ToList();
        // Sustained: the middle 80 % of the finishes, past the start and before the last stragglers.
        double perSecond = times.Count < 10 ? double.NaN
            : (int)(times.Count * 0.8) / (times[(int)(times.Count * 0.9)] - times[(int)(times.Count * 0.1)]);
        var sorted = claims.Order().ToList();
        foreach (var s in stores.Where((_, i) => !killed.Contains(i))) s.Dispose();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        return new Result(complete, perSecond, sorted[sorted.Count / 2], sorted[(int)Math.Ceiling(sorted.Count * 0.99) - 1],
            recorded.Count(kv => kv.Value > 1), budget - complete);
    }

    /// <summary>
    /// A worker's store, timing its claims and counting the trials it recorded; once killed, every call
    /// (and the trial in progress) blocks for good, as a process killed with SIGKILL says nothing more.
    /// </summary>
    private sealed class FleetStore(IStudyStorage inner, ConcurrentBag<double> claims, ConcurrentDictionary<int, int> recorded,
        ConcurrentBag<long> finishedAt, Stopwatch clock, ManualResetEventSlim frozen) : IStudyStorage
    {
        private volatile bool _killed;

        public void Kill()
        {
            _killed = true;
            frozen.Wait();
        }

        private void Alive()
        {
            if (_killed) frozen.Wait();
        }

        public void Open(string studyName, string experimentJson, string experimentKey) => inner.Open(studyName, experimentJson, experimentKey);

        public StoredTrial? Claim(string worker, int maxTrials, Func<IReadOnlyList<TrialRecord>, int, IReadOnlyDictionary<string, object>> propose, Func<int, int>? seedFor = null)
        {
            Alive();
            var watch = Stopwatch.StartNew();
            var claimed = inner.Claim(worker, maxTrials, propose, seedFor);
            claims.Add(watch.Elapsed.TotalMilliseconds);
            return claimed;
        }

        // Called on a timer: a killed worker's heartbeats stop without blocking a pool thread each time.
        public bool Heartbeat(int trial, string worker) => !_killed && inner.Heartbeat(trial, worker);
        public void Report(int trial, int step, double value, string? worker = null) { Alive(); inner.Report(trial, step, value, worker); }
        public void SaveHealth(int trial, string verdictsJson, string seriesJson, string? worker = null) { Alive(); inner.SaveHealth(trial, verdictsJson, seriesJson, worker); }

        public void Finish(int trial, TrialState state, double? value, bool unhealthy = false, PruneDecision? pruned = null, string? error = null, string? worker = null)
        {
            Alive();
            inner.Finish(trial, state, value, unhealthy, pruned, error, worker);
            recorded.AddOrUpdate(trial, 1, (_, n) => n + 1);
            finishedAt.Add(clock.ElapsedMilliseconds);
        }

        public int RecoverStale(TimeSpan timeout, int maxRetries) { Alive(); return inner.RecoverStale(timeout, maxRetries); }
        public IReadOnlyList<StoredTrial> Trials(bool withHealthSeries = true) { Alive(); return inner.Trials(withHealthSeries); }
        public string? HealthSeries(int trial) => inner.HealthSeries(trial);
        public void Release(int trial, string worker) { Alive(); inner.Release(trial, worker); }
        public void SaveAttribute(string key, string json) => inner.SaveAttribute(key, json);
        public IReadOnlyDictionary<string, string> Attributes() => inner.Attributes();
        public void SaveRangeTest(string optimizer, string resultJson) => inner.SaveRangeTest(optimizer, resultJson);
        public IReadOnlyDictionary<string, string> RangeTests() => inner.RangeTests();
        public void Dispose() => inner.Dispose();
    }
}
