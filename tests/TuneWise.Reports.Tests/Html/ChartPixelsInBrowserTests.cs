using TuneWise.Testing;
using Microsoft.Playwright;
using SkiaSharp;
using TuneWise.Reports.Tests.Studies;

namespace TuneWise.Reports.Tests.Html;

/// <summary>
/// Every chart of a report looks in the page exactly as it looks alone: a chart that borrowed another
/// chart's image (two SVGs declaring the same id) or lost a part of itself to the page would differ.
/// </summary>
[Trait("Category", "Slow")]
public class ChartPixelsInBrowserTests
{
    // A pixel differs when a colour channel moves by more than this. Chromium blends overlapping
    // translucent lines a little differently in a long page than alone (seen: up to 72 of 255 on a
    // few hundred edge pixels); another chart's picture, a lost image or a hidden layer moves whole
    // areas by far more.
    private const int ChannelTolerance = 96;

    [SkippableFact]
    public async Task Every_chart_in_the_page_has_the_pixels_it_has_alone()
    {
        var (executable, why) = Browser.Executable;
        Skip.If(executable is null, $"no browser for this test: {why}");
        var file = Path.Combine(Directory.CreateTempSubdirectory("tunewise-pixels-").FullName, "report.html");
        File.WriteAllText(file, HtmlReportWriter.Render(SampleStudy.Snapshot(SampleStudy.Sick)));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = executable, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        var alone = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        await page.GotoAsync(new Uri(file).AbsoluteUri);
        string style = await page.EvaluateAsync<string>("() => document.querySelector('style').textContent");

        var charts = page.Locator("svg.chart");
        int count = await charts.CountAsync();
        Assert.True(count >= 20, $"{count} charts");
        var differing = new List<string>();
        for (int i = 0; i < count; i++)
        {
            var chart = charts.Nth(i);
            await chart.ScrollIntoViewIfNeededAsync();
            var box = (await chart.BoundingBoxAsync())!;
            string markup = await chart.EvaluateAsync<string>("e => e.outerHTML");
            string label = await chart.GetAttributeAsync("aria-label") ?? $"chart {i}";
            using var inPage = SKBitmap.Decode(await chart.ScreenshotAsync());

            // The same markup, the same width and the same sub-pixel offset, with nothing else on the page.
            double x = box.X - Math.Floor(box.X), y = box.Y - Math.Floor(box.Y);
            await alone.SetContentAsync($"<!doctype html><html><head><style>{style}</style></head><body style=\"margin:0\">"
                + $"<div style=\"position:absolute;left:{x.ToString(System.Globalization.CultureInfo.InvariantCulture)}px;top:{y.ToString(System.Globalization.CultureInfo.InvariantCulture)}px;"
                + $"width:{box.Width.ToString(System.Globalization.CultureInfo.InvariantCulture)}px\">{markup}</div></body></html>");
            using var byItself = SKBitmap.Decode(await alone.Locator("svg.chart").ScreenshotAsync());

            int differences = Differences(inPage, byItself);
            if (differences > 0)
            {
                differing.Add($"chart {i} ({label}): {differences} pixels differ");
                // Both pictures beside the test output, to look at.
                File.WriteAllBytes(Path.Combine(AppContext.BaseDirectory, $"chart-{i}-in-page.png"), await chart.ScreenshotAsync());
                File.WriteAllBytes(Path.Combine(AppContext.BaseDirectory, $"chart-{i}-alone.png"), await alone.Locator("svg.chart").ScreenshotAsync());
            }
        }
        Assert.True(differing.Count == 0, string.Join("\n", differing));
    }

    private static int Differences(SKBitmap a, SKBitmap b)
    {
        if (a.Width != b.Width || a.Height != b.Height) return Math.Max(a.Width * a.Height, b.Width * b.Height);
        int count = 0;
        for (int y = 0; y < a.Height; y++)
            for (int x = 0; x < a.Width; x++)
            {
                SKColor p = a.GetPixel(x, y), q = b.GetPixel(x, y);
                if (Math.Abs(p.Red - q.Red) > ChannelTolerance || Math.Abs(p.Green - q.Green) > ChannelTolerance || Math.Abs(p.Blue - q.Blue) > ChannelTolerance)
                    count++;
            }
        return count;
    }
}
