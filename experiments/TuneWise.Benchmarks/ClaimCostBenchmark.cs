using System.Diagnostics;
using System.Globalization;
using System.Text;
using TuneWise.Core.Trials;
using TuneWise.Search.Storage;
using TuneWise.Storage.Postgres;
using TuneWise.Storage.Sqlite;

namespace TuneWise.Benchmarks;

/// <summary>
/// What one claim costs as a study grows: studies of 1,000, 10,000 and 100,000 finished trials
/// (each with 10 intermediate values and a 2 KB health series) written by one worker, then 30
/// claims by another worker with a proposer that costs nothing, so the store alone is measured.
/// Between two claims the first worker finishes a trial with its reports, so every claim has
/// changes of others to read, as in a fleet. The claiming worker's first read of the whole study is
/// timed apart. SQLite always; PostgreSQL too when <c>TUNEWISE_BENCH_POSTGRES</c> holds a connection string.
/// </summary>
internal static class ClaimCostBenchmark
{
    private static readonly int[] Sizes = [1_000, 10_000, 100_000];


    /// <param name="largest">The largest study measured (the sizes are 1,000, 10,000 and 100,000 up to it).</param>
    public static string Run(int largest = 100_000)
    {
        var table = new StringBuilder()
            .AppendLine("| store | trials | median claim | p99 claim | first read of the study | fill (writes per second) |")
            .AppendLine("|---|---|---|---|---|---|");
        // Each store twice: the writer that fills the study, and the claimer that is measured.
        var stores = new List<(string Name, Func<string, IStudyStorage> Fill, Func<string, IStudyStorage> Create)>
        {
            ("SQLite", folder => new SqliteStudyStorage(Path.Combine(folder, "study.db")), folder => new SqliteStudyStorage(Path.Combine(folder, "study.db"))),
        };
        // PostgreSQL's writer commits without waiting for the disk (synchronous_commit off, its own
        // session only): filling 100,000 trials, 1.3 million writes, takes minutes instead of half an
        // hour. The claims measured keep the server's durable commits.
        if (Environment.GetEnvironmentVariable("TUNEWISE_BENCH_POSTGRES") is { Length: > 0 } connection)
            stores.Add(("PostgreSQL", _ => new PostgresStudyStorage(connection + ";Options=-c synchronous_commit=off"), _ => new PostgresStudyStorage(connection)));
        foreach (var (name, fill, create) in stores)
            foreach (int size in Sizes.Where(s => s <= largest))
            {
                var m = Measure(fill, create, size);
                table.AppendLine(CultureInfo.InvariantCulture,
                    $"| {name} | {size:N0} | {m.Median:0.00} ms | {m.P99:0.00} ms | {m.FirstRead:0} ms | {m.WritesPerSecond:N0} |");
                Console.Error.WriteLine(table.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
            }
        return table.ToString();
    }

    private static (double Median, double P99, double FirstRead, double WritesPerSecond) Measure(Func<string, IStudyStorage> fill, Func<string, IStudyStorage> create, int trials)
    {
        var folder = Directory.CreateTempSubdirectory("claim-cost-").FullName;
        string study = "claim-cost-" + Guid.NewGuid().ToString("N");
        try
        {
            using var writer = fill(folder);
            writer.Open(study, "{}", "key");
            var series = "[" + string.Join(",", Enumerable.Repeat("{\"step\":100,\"dataLoss\":0.5,\"gradientNorm\":1.25}", 40)) + "]";
            var parameters = new Dictionary<string, object> { ["learningRate"] = 0.001, ["batchSize"] = 64L, ["optimizer"] = "adam" };
            void FinishOne()
            {
                int number = writer.Claim("writer", int.MaxValue, (_, _) => parameters)!.Record.Number;
                for (int epoch = 0; epoch < 10; epoch++) writer.Report(number, epoch, -0.5 - epoch * 0.01);
                writer.SaveHealth(number, "[]", series);
                writer.Finish(number, TrialState.Complete, -0.6);
            }
            var filling = Stopwatch.StartNew();
            for (int i = 0; i < trials; i++) FinishOne();
            double writesPerSecond = trials * 13 / filling.Elapsed.TotalSeconds;

            using var claimer = create(folder);
            claimer.Open(study, "{}", "key");
            var first = Stopwatch.StartNew();
            claimer.Trials(withHealthSeries: false);
            double firstRead = first.Elapsed.TotalMilliseconds;
            var times = new List<double>();
            for (int i = 0; i < 30; i++)
            {
                FinishOne();
                var clock = Stopwatch.StartNew();
                int number = claimer.Claim("claimer", int.MaxValue, (history, _) => history.Count >= 0 ? parameters : parameters)!.Record.Number;
                times.Add(clock.Elapsed.TotalMilliseconds);
                claimer.Finish(number, TrialState.Complete, -0.6);
            }
            var sorted = times.Order().ToList();
            return (sorted[sorted.Count / 2], sorted[(int)Math.Ceiling(sorted.Count * 0.99) - 1], firstRead, writesPerSecond);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
