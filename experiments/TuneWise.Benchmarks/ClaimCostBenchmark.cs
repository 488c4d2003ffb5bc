using System.Diagnostics;
using System.Globalization;
using System.Text;
using TuneWise.Core.Trials;
using TuneWise.Search.Storage;

namespace TuneWise.Benchmarks;

/// <summary>
/// What one claim costs as a study grows: studies of 1,000 and 10,000 finished trials (each with 10
/// intermediate values and a 2 KB health series), then the median time of 30 claims with a proposer
/// that costs nothing, so the store alone is measured. SQLite always; PostgreSQL too when
/// <c>TUNEWISE_BENCH_POSTGRES</c> holds a connection string.
/// </summary>
internal static class ClaimCostBenchmark
{
    public static string Run()
    {
        var table = new StringBuilder()
            .AppendLine("| store | 1,000 trials | 10,000 trials | ratio 10k/1k |")
            .AppendLine("|---|---|---|---|");
        var stores = new List<(string Name, Func<IStudyStorage> Create)>
        {
            ("SQLite", () => new SqliteStudyStorage(Path.Combine(Directory.CreateTempSubdirectory("claim-cost-").FullName, "study.db"))),
        };
        if (Environment.GetEnvironmentVariable("TUNEWISE_BENCH_POSTGRES") is { Length: > 0 } connection)
            stores.Add(("PostgreSQL", () => new PostgresStudyStorage(connection)));
        foreach (var (name, create) in stores)
        {
            double small = Measure(create, 1_000), large = Measure(create, 10_000);
            table.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {small:0.00} ms | {large:0.00} ms | {large / small:0.0} |");
        }
        return table.ToString();
    }

    private static double Measure(Func<IStudyStorage> create, int trials)
    {
        using var storage = create();
        storage.Open("claim-cost-" + Guid.NewGuid().ToString("N"), "{}", "key");
        var series = "[" + string.Join(",", Enumerable.Repeat("{\"step\":100,\"dataLoss\":0.5,\"gradientNorm\":1.25}", 40)) + "]";
        var parameters = new Dictionary<string, object> { ["learningRate"] = 0.001, ["batchSize"] = 64L, ["optimizer"] = "adam" };
        for (int i = 0; i < trials; i++)
        {
            int number = storage.Claim("bench", int.MaxValue, (_, _) => parameters)!.Record.Number;
            for (int epoch = 0; epoch < 10; epoch++) storage.Report(number, epoch, -0.5 - epoch * 0.01);
            storage.SaveHealth(number, "[]", series);
            storage.Finish(number, TrialState.Complete, -0.6);
        }
        var times = new List<double>();
        for (int i = 0; i < 30; i++)
        {
            var clock = Stopwatch.StartNew();
            int number = storage.Claim("bench", int.MaxValue, (history, _) => history.Count >= 0 ? parameters : parameters)!.Record.Number;
            times.Add(clock.Elapsed.TotalMilliseconds);
            storage.Finish(number, TrialState.Complete, -0.6);
        }
        return times.Order().ElementAt(times.Count / 2);
    }
}
