using TuneWise.Reports.Charts;
using TuneWise.Reports.Html;

namespace TuneWise.Reports.Tests.Html;

public class ChartBatchTests
{
    [Fact]
    public void A_chart_drawn_wider_than_a_column_takes_the_row_and_is_drawn_at_its_width()
    {
        var charts = new ChartBatch();
        string page = charts.Figure(() => SvgChart.Create("narrow", "x", "y"), "a column wide")
            + charts.Figure(() => SvgChart.Create("wide", "x", "y"), "a row wide", width: 2 * SvgChart.Wide);

        string html = charts.Fill(page);

        Assert.Matches($"^<figure><svg [^>]*viewBox=\"0 0 {SvgChart.Wide} {SvgChart.Tall}\"", html);
        Assert.Matches($"<figure class=\"wide\"><svg [^>]*viewBox=\"0 0 {2 * SvgChart.Wide} {SvgChart.Tall}\"", html);
        Assert.Contains(".charts figure.wide { grid-column: 1 / -1; }", PageAssets.Style);
    }
}
