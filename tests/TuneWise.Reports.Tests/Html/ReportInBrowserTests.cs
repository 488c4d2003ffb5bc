using TuneWise.Testing;
using Microsoft.Playwright;
using TuneWise.Reports.Tests.Studies;

namespace TuneWise.Reports.Tests.Html;

/// <summary>Opens a report in real headless Chromium: no console error, charts drawn, the leaderboard sorts.</summary>
[Trait("Category", "Slow")]
public class ReportInBrowserTests
{
    [SkippableFact]
    public async Task The_report_opens_without_errors_draws_its_charts_and_sorts_its_leaderboard()
    {
        var (executable, why) = Browser.Executable;
        Skip.If(executable is null, $"no browser for this test: {why}");
        var folder = Directory.CreateTempSubdirectory("tunewise-report-").FullName;
        var file = Path.Combine(folder, "report.html");
        File.WriteAllText(file, HtmlReportWriter.Render(SampleStudy.Snapshot()));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = executable, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 900 } });
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type is "error" or "warning") problems.Add($"{message.Type}: {message.Text}"); };
        page.PageError += (_, error) => problems.Add("page error: " + error);
        page.RequestFailed += (_, request) => problems.Add("request failed: " + request.Url);
        await page.GotoAsync(new Uri(file).AbsoluteUri);

        // Every chart is laid out with a real size, and has shapes in it.
        var sizes = await page.EvalOnSelectorAllAsync<double[][]>("svg.chart", "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height, e.querySelectorAll('path').length]; })");
        Assert.NotEmpty(sizes);
        Assert.All(sizes, s => Assert.True(s[0] > 200 && s[1] > 100 && s[2] > 5, $"chart {s[0]}×{s[1]} with {s[2]} paths"));

        // Sorting by trial number ascending, then descending.
        async Task<int[]> TrialColumn() => (await page.Locator("#leaderboard-table tbody tr td:nth-child(2)").AllInnerTextsAsync()).Select(int.Parse).ToArray();
        Assert.Equal([1, 9, 0, 11, 2, 4], (await TrialColumn()).Take(6));
        var header = page.Locator("#leaderboard-table thead th", new() { HasTextString = "trial" }).First;
        await header.ClickAsync();
        Assert.Equal(Enumerable.Range(0, 12), await TrialColumn());
        Assert.Equal("ascending", await header.GetAttributeAsync("aria-sort"));
        await header.ClickAsync();
        Assert.Equal(Enumerable.Range(0, 12).Reverse(), await TrialColumn());
        // Text columns sort alphabetically.
        await page.Locator("#leaderboard-table thead th", new() { HasTextString = "state" }).First.ClickAsync();
        var states = await page.Locator("#leaderboard-table tbody tr td:nth-child(3)").AllInnerTextsAsync();
        Assert.Equal(states.Order(StringComparer.Ordinal), states);

        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "report-screenshot.png"), FullPage = true });
        Assert.Empty(problems);
    }
}
