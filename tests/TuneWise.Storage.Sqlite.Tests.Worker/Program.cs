using System.Globalization;
using TuneWise.Search.Samplers;
using TuneWise.Core.Spaces;
using TuneWise.Search.Storage;
using TuneWise.Search.Studies;
using TuneWise.Storage.Sqlite;

// A study worker for the crash and concurrency tests: runs Branin-like trials that report a value
// per step and sleep between steps, against a shared SQLite study file.
// Usage: worker <study.db> <trials> <worker-name> <step-ms> <steps> [heartbeat-timeout-ms]
var path = args[0];
int trials = int.Parse(args[1], CultureInfo.InvariantCulture);
string worker = args[2];
int stepMs = int.Parse(args[3], CultureInfo.InvariantCulture), steps = int.Parse(args[4], CultureInfo.InvariantCulture);
var timeout = TimeSpan.FromMilliseconds(args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 60_000);

var space = SearchSpace.Create().Float("x1", -5, 10).Float("x2", 0, 15).Build();
using var storage = new SqliteStudyStorage(path);
storage.Open("crash-test", "{}", "branin-key");
var study = new Study(storage, space, new TpeSampler(1), options: new StudyOptions
{
    Worker = worker, HeartbeatInterval = TimeSpan.FromMilliseconds(100), HeartbeatTimeout = timeout,
});
study.Optimize(trial =>
{
    double x1 = Convert.ToDouble(trial.Parameters["x1"], CultureInfo.InvariantCulture), x2 = Convert.ToDouble(trial.Parameters["x2"], CultureInfo.InvariantCulture);
    double value = Math.Pow(x2 - 5.1 / (4 * Math.PI * Math.PI) * x1 * x1 + 5 / Math.PI * x1 - 6, 2) + 10 * (1 - 1 / (8 * Math.PI)) * Math.Cos(x1) + 10;
    for (int s = 0; s < steps; s++)
    {
        Thread.Sleep(stepMs);
        trial.Report(s, value + (steps - s));
    }
    Console.WriteLine($"{worker} finished trial {trial.Number}");
    return value;
}, trials);
