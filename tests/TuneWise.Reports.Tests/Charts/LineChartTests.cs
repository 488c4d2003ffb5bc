using System.Xml.Linq;
using TuneWise.Reports.Charts;

namespace TuneWise.Reports.Tests.Charts;

public class LineChartTests
{
    private static string Temp(string name) => Path.Combine(Directory.CreateTempSubdirectory("chart").FullName, name);

    private static readonly Series[] Curves =
    [
        new("train loss", [1, 2, 3], [0.9, 0.5, 0.3]),
        new("validation loss", [1, 2, 3], [1.0, double.NaN, 0.45]),
    ];

    [Fact]
    public void Writes_an_svg_with_title_and_legend()
    {
        var path = Temp("curves.svg");
        LineChart.Write(path, "quickstart", "epoch", "loss", Curves);
        var svg = XDocument.Load(path);
        Assert.Equal("svg", svg.Root!.Name.LocalName);
        var text = File.ReadAllText(path);
        Assert.Contains("quickstart", text);
        Assert.Contains("validation loss", text);
    }

    [Fact]
    public void Writes_a_png_by_extension()
    {
        var path = Temp("curves.png");
        LineChart.Write(path, "t", "x", "y", Curves);
        var header = File.ReadAllBytes(path)[..8];
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, header);
    }

    [Fact]
    public void Log_axes_label_powers_of_ten()
    {
        var path = Temp("lr.svg");
        LineChart.Write(path, "range test", "learning rate", "loss", [new Series("loss", [1e-5, 1e-3, 1e-1], [2, 1, 3])], logX: true,
            markers: [new Marker("recommended 1e-3", 1e-3)]);
        var text = File.ReadAllText(path);
        // Tick labels are text elements of their own; the marker's label must not be what satisfies them.
        foreach (var power in new[] { "1e-5", "1e-4", "1e-3", "1e-2", "1e-1" })
            Assert.Matches($">\\s*{System.Text.RegularExpressions.Regex.Escape(power)}\\s*<", text);
        Assert.Contains("recommended 1e-3", text);
    }

    [Fact]
    public void An_unknown_extension_is_refused()
    {
        var error = Assert.Throws<TuneWise.Core.UserInputException>(() => LineChart.Write(Temp("c.gif"), "t", "x", "y", Curves));
        Assert.Contains(".svg or .png", error.Message);
    }
}
