using TuneWise.Core.Experiments;
using TuneWise.Reports.Html;
using TuneWise.Reports.Studies;
using TuneWise.Search.Storage;
using TuneWise.Search.Tuning;

namespace TuneWise.Reports;

/// <summary>
/// Writes a study's self-contained HTML report. The file is written beside its final name and
/// then moved into place, so a reader (or a crash) never sees half a report.
/// </summary>
public sealed class HtmlReportWriter(TimeProvider? clock = null) : IStudyReportWriter
{
    /// <inheritdoc />
    public void Write(IStudyStorage storage, Experiment experiment, string path)
    {
        // Reading the study and fitting the importance model use one core; the other warms up the charts.
        var warm = Charts.ChartWarmUp.Start();
        var content = ReportContent.From(StudySnapshot.Read(storage, experiment, clock));
        warm.Wait();
        WriteFile(ReportPage.Render(content), path);
    }

    /// <summary>The report of a study snapshot as HTML text.</summary>
    public static string Render(StudySnapshot snapshot) => ReportPage.Render(ReportContent.From(snapshot));

    private static void WriteFile(string html, string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".partial";
        File.WriteAllText(temporary, html);
        File.Move(temporary, full, overwrite: true);
    }
}
