using System.Diagnostics;
using System.Globalization;
using System.Text;
using TuneWise.Reports;
using TuneWise.Search.Storage;

namespace TuneWise.Benchmarks;

/// <summary>
/// How long the HTML report of a large study takes and how big it is: a stored study of
/// <c>trials</c> trials (see <see cref="SyntheticStudy"/>) read from SQLite and rendered, the
/// first run cold and the median of five warm runs, against the targets of ≤ 2 s and ≤ 5 MB.
/// </summary>
internal static class ReportBenchmark
{
    public static string Run(int trials)
    {
        var folder = Directory.CreateTempSubdirectory("tunewise-report-bench-").FullName;
        var study = Path.Combine(folder, "overnight.db");
        var experiment = SyntheticStudy.Write(study, trials);
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
        double megabytes = new FileInfo(output).Length / 1e6;
        string html = File.ReadAllText(output);
        int charts = html.Split("<svg ").Length - 1;
        var table = new StringBuilder()
            .AppendLine($"Report of a stored study with {trials} trials (80 health probes of 5 layers each), read from SQLite and written as HTML:")
            .AppendLine()
            .AppendLine("| measure | target | measured |")
            .AppendLine("|---|---|---|")
            .AppendLine(CultureInfo.InvariantCulture, $"| time, first run in the process | ≤ 2 s | {cold:0.00} s |")
            .AppendLine(CultureInfo.InvariantCulture, $"| time, median of 5 further runs | ≤ 2 s | {warm:0.00} s |")
            .AppendLine(CultureInfo.InvariantCulture, $"| file size | ≤ 5 MB | {megabytes:0.00} MB |")
            .AppendLine(CultureInfo.InvariantCulture, $"| charts | | {charts} |");
        Directory.Delete(folder, recursive: true);
        return table.ToString();
    }
}
