using System.Text;
using TuneWise.Reports.Html.Sections;
using TuneWise.Reports.Studies;
using static TuneWise.Reports.Html.Html;

namespace TuneWise.Reports.Html;

/// <summary>Lays out the whole report as one HTML document: no network, no external file, only its own script.</summary>
internal static class ReportPage
{
    /// <summary>The report of <paramref name="content"/> as HTML.</summary>
    public static string Render(ReportContent content)
    {
        var charts = new ChartBatch();
        var html = new StringBuilder(1 << 20);
        string name = content.Snapshot.Experiment.Name;
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append($"<meta http-equiv=\"Content-Security-Policy\" content=\"{PageAssets.ContentSecurityPolicy}\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append($"<title>{Text(name)}: tuning report</title><style>{PageAssets.Style}</style></head><body>")
            .Append($"<header><h1>{Text(name)}</h1><p>Tuning report: {Formats.Count(content.Ranked.Count)} trials, {Text(content.Snapshot.Objective.ToString())}</p></header>")
            .Append("<nav><a href=\"#verdict\">Verdict</a><a href=\"#summary\">Summary</a><a href=\"#leaderboard\">Leaderboard</a><a href=\"#search\">Search</a>")
            .Append("<a href=\"#failures\">What went wrong</a><a href=\"#trials\">Trials in detail</a></nav><main>");
        VerdictSection.Write(html, content);
        SummarySection.Write(html, content);
        LeaderboardSection.Write(html, content);
        SearchSection.Write(html, content, charts);
        FailuresSection.Write(html, content);
        TrialsSection.Write(html, content, charts);
        html.Append($"</main><script>{PageAssets.Script}</script></body></html>");
        return charts.Fill(html.ToString());
    }
}
