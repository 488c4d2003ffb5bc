using TuneWise.Testing;
using Microsoft.Playwright;
using TuneWise.Reports.Tests.Studies;

namespace TuneWise.Reports.Tests.Html;

/// <summary>
/// The report as a reader sees it on a laptop, on a phone and on paper: nothing wider than the box
/// it sits in (a scrolling table or figure scrolls on purpose, and only on the phone), no text under
/// 11 px, the whole leaderboard printed.
/// </summary>
[Trait("Category", "Slow")]
public class ReportLayoutInBrowserTests
{
    private const string Check = """
        (scrollersMayScroll) => {
          const problems = [];
          const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && e.className.baseVal === undefined && e.className ? '.' + String(e.className).split(' ').join('.') : '');
          if (document.documentElement.scrollWidth > document.documentElement.clientWidth + 1)
            problems.push('the page is ' + document.documentElement.scrollWidth + ' px wide in ' + document.documentElement.clientWidth + ' px');
          for (const scroller of document.querySelectorAll('.scroll, figure'))
            if (!scrollersMayScroll && scroller.scrollWidth > scroller.clientWidth + 1)
              problems.push(name(scroller) + ' needs ' + scroller.scrollWidth + ' px in ' + scroller.clientWidth + ' px');
          for (const e of document.querySelectorAll('body *')) {
            const box = e.parentElement;
            if (!box || e.closest('svg') || (box.closest('.scroll, figure') && scrollersMayScroll)) continue;
            if (getComputedStyle(box).overflowX !== 'visible') continue;
            const r = e.getBoundingClientRect(), b = box.getBoundingClientRect();
            if (r.width > 0 && (r.right > b.right + 1 || r.left < b.left - 1) && getComputedStyle(e).position !== 'absolute')
              problems.push(name(e) + ' (' + Math.round(r.width) + ' px) sticks out of ' + name(box) + ' (' + Math.round(b.width) + ' px)');
          }
          for (const t of document.querySelectorAll('svg.chart text')) {
            if (!t.textContent.trim()) continue;
            const svg = t.ownerSVGElement;
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const size = parseFloat(t.getAttribute('font-size') || getComputedStyle(t).fontSize) * scale;
            if (size < 10.95) problems.push('chart text "' + t.textContent.trim().slice(0, 30) + '" in "' + svg.getAttribute('aria-label').slice(0, 40) + '" is ' + size.toFixed(1) + ' px');
          }
          for (const e of document.querySelectorAll('body *')) {
            if (e.closest('svg') || getComputedStyle(e).display === 'none') continue;
            const own = Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
            const size = parseFloat(getComputedStyle(e).fontSize);
            if (own && size < 10.95) problems.push(name(e) + ' text "' + e.textContent.trim().slice(0, 30) + '" is ' + size.toFixed(1) + ' px');
          }
          return Array.from(new Set(problems)).slice(0, 40);
        }
        """;

    [SkippableTheory]
    [InlineData("laptop", 1400, false)]
    [InlineData("phone", 390, false)]
    [InlineData("print", 718, true)]
    public async Task Nothing_is_wider_than_its_box_and_no_text_is_under_11_px(string reader, int width, bool print)
    {
        var (executable, why) = Browser.Executable;
        Skip.If(executable is null, $"no browser for this test: {why}");
        var file = Path.Combine(Directory.CreateTempSubdirectory("tunewise-layout-").FullName, "report.html");
        File.WriteAllText(file, HtmlReportWriter.Render(SampleStudy.Snapshot(SampleStudy.Sick)));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = executable, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = width, Height = 900 } });
        if (print) await page.EmulateMediaAsync(new() { Media = Media.Print });
        await page.GotoAsync(new Uri(file).AbsoluteUri);

        // Only the phone may scroll a table or a figure sideways: the page itself never does.
        var problems = await page.EvaluateAsync<string[]>(Check, reader == "phone");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, $"report-{reader}.png"), FullPage = true });
        Assert.True(problems.Length == 0, $"{reader} ({width} px):\n" + string.Join("\n", problems));
    }
}
