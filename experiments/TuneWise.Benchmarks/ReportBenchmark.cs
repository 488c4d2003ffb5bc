using System.Diagnostics;
using System.Globalization;
using System.Text;
using TuneWise.Reports;
using TuneWise.Search.Storage;
using TuneWise.Storage.Sqlite;

namespace TuneWise.Benchmarks;

/// <summary>
/// How long the HTML report of a large study takes and how big it is: a stored study of
/// <c>trials</c> trials (see <see cref="SyntheticStudy"/>) read from SQLite and rendered, the
/// first run cold and the median of five warm runs, against the targets of ≤ 1.5 s from a fresh
/// process, ≤ 1 s warm and ≤ 3 MB.
/// </summary>
internal static class ReportBenchmark
{
    public static string Run(int trials)
    {
        var folder = Directory.CreateTempSubdirectory("tunewise-report-bench-").FullName;
        var study = Path.Combine(folder, "overnight.db");
        // A study of many thousands of trials is one of short trials: fewer probes each keeps the file to a few hundred megabytes.
        int probes = trials > 10_000 ? 8 : 80;
        var experiment = SyntheticStudy.Write(study, trials, probes);
        var output = Path.Combine(folder, "overnight.html");
        var times = new List<double>();
        for (int run = 0; run < 6; run++)
        {
            var clock = Stopwatch.StartNew();
            using (var storage = new SqliteStudyStorage(study))
            {
                storage.Open(experiment.Name, TuneWise.Core.Experiments.ExperimentLoader.ToJson(experiment), TuneWise.Core.Experiments.ExperimentKey.Of(experiment));
                new HtmlReportWriter().Write(storage, experiment, output);
            }
            times.Add(clock.Elapsed.TotalSeconds);
        }
        double cold = times[0], warm = times.Skip(1).Order().ElementAt(2);
        // Where a warm report's time goes: reading the study, deriving (ranking, importance, rules), drawing and writing.
        var parts = new List<(double Read, double Derive, double Render)>();
        for (int run = 0; run < 5; run++)
        {
            using var storage = new SqliteStudyStorage(study);
            storage.Open(experiment.Name, TuneWise.Core.Experiments.ExperimentLoader.ToJson(experiment), TuneWise.Core.Experiments.ExperimentKey.Of(experiment));
            var clock = Stopwatch.StartNew();
            var snapshot = TuneWise.Reports.Studies.StudySnapshot.Read(storage, experiment, seriesWhenDrawn: true);
            double read = clock.Elapsed.TotalSeconds;
            var content = TuneWise.Reports.Studies.ReportContent.From(snapshot);
            double derive = clock.Elapsed.TotalSeconds - read;
            _ = TuneWise.Reports.Html.ReportPage.Render(content);
            parts.Add((read, derive, clock.Elapsed.TotalSeconds - read - derive));
        }
        var median = parts.OrderBy(p => p.Read + p.Derive + p.Render).ElementAt(2);
        double? command = CommandSeconds("report", study, "-o", Path.Combine(folder, "from-command.html"));
        double? status = CommandSeconds("status", study);
        double megabytes = new FileInfo(output).Length / 1e6;
        string html = File.ReadAllText(output);
        int charts = html.Split("<svg ").Length - 1;
        var table = new StringBuilder()
            .AppendLine($"Report of a stored study with {trials:N0} trials ({probes} health probes of 5 layers each), read from SQLite and written as HTML:")
            .AppendLine()
            .AppendLine("| measure | target | measured |")
            .AppendLine("|---|---|---|")
            .AppendLine(CultureInfo.InvariantCulture, $"| `tunewise report` as a new process, median of 3 | ≤ 1.5 s | {(command is { } c ? $"{c:0.00} s" : "not measured: build the CLI in Release first")} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| `tunewise status` as a new process, median of 3 | ≤ 5 s at 100,000 trials | {(status is { } st ? $"{st:0.00} s" : "not measured: build the CLI in Release first")} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| time, first run in the process | | {cold:0.00} s |")
            .AppendLine(CultureInfo.InvariantCulture, $"| time, median of 5 further runs | ≤ 1 s | {warm:0.00} s |")
            .AppendLine(CultureInfo.InvariantCulture, $"| file size | ≤ 3 MB | {megabytes:0.00} MB |")
            .AppendLine(CultureInfo.InvariantCulture, $"| charts | | {charts} |")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Warm run by part: read the study {median.Read:0.00} s, derive the content {median.Derive:0.00} s, draw and lay out the page {median.Render:0.00} s.");
        if (Environment.GetEnvironmentVariable("TUNEWISE_KEEP_BENCH") is null) Directory.Delete(folder, recursive: true);
        else table.AppendLine("kept: " + study);
        return table.ToString();
    }

    // What a user waits for: `tunewise report` (or status) started afresh, runtime start-up and first use of every library included.
    private static double? CommandSeconds(params string[] arguments)
    {
        var cli = Path.Combine(BenchmarkData.RepositoryRoot, "src", "TuneWise.Cli", "bin", "Release", "net10.0", "tunewise.dll");
        if (!File.Exists(cli)) return null;
        var times = new List<double>();
        for (int run = 0; run < 3; run++)
        {
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(new ProcessStartInfo("dotnet", [cli, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) return null;
            times.Add(clock.Elapsed.TotalSeconds);
        }
        return times.Order().ElementAt(1);
    }
}
