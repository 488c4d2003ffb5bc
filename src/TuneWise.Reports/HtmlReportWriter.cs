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
        // Reading the study uses one core; the other warms up the charts. The store stays open while
        // the page is drawn, so each trial's health series is read only if its section draws it.
        var warm = WarmUp();
        var content = ReportContent.From(StudySnapshot.Read(storage, experiment, clock, seriesWhenDrawn: true));
        warm.Wait();
        WriteFile(ReportPage.Render(content), path);
    }

    private static readonly Lazy<Task> Warming = new(Charts.ChartWarmUp.Start);

    /// <summary>
    /// Loads and compiles the drawing code on another core, once per process, so a report does not
    /// pay for it after the study is read. A command that writes a report calls this before it opens
    /// the study; the task never fails.
    /// </summary>
    public static Task WarmUp() => Warming.Value;

    /// <summary>The report of a study snapshot as HTML text.</summary>
    internal static string Render(StudySnapshot snapshot) => ReportPage.Render(ReportContent.From(snapshot));

    private static void WriteFile(string html, string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".partial";
        File.WriteAllText(temporary, html);
        File.Move(temporary, full, overwrite: true);
    }
}
