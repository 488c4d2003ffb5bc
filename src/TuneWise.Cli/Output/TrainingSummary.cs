using System.Globalization;
using Spectre.Console;
using TuneWise.Models.Training;

namespace TuneWise.Cli.Output;

/// <summary>The table printed after <c>tunewise train</c>.</summary>
internal static class TrainingSummary
{
    public static void Write(IAnsiConsole console, TrainingResult result)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("epoch", "train loss", "l2 loss", "train acc", "val loss", "val acc", "lr", "clipped", "seconds");
        foreach (var e in result.Epochs)
            table.AddRow((e.Epoch + 1).ToString(CultureInfo.InvariantCulture), F(e.TrainLoss), F(e.TrainRegularizationLoss),
                P(e.TrainAccuracy), F(e.ValidationLoss), P(e.ValidationAccuracy),
                e.LearningRate.ToString("G3", CultureInfo.InvariantCulture), Percent(e.ClipActiveFraction, "F0"),
                e.TrainSeconds.ToString("F1", CultureInfo.InvariantCulture));
        console.Write(table);
        console.MarkupLineInterpolated($"[bold]{result.StopReason}[/]{(result.StopMessage is null ? "" : ": " + result.StopMessage)} after {result.Steps} steps, {result.TrainSeconds:F1} s, {result.SamplesPerSecond:N0} samples/s, {result.ParameterCount:N0} parameters");
        if (result.FinalValidationAccuracy is { } va) console.MarkupLineInterpolated($"validation accuracy [green]{va:P2}[/]");
        if (result.TestAccuracy is { } ta) console.MarkupLineInterpolated($"test accuracy [green]{ta:P2}[/] (test loss {result.TestLoss:F4})");
        else if (result.TestLoss is { } tl) console.MarkupLineInterpolated($"test loss {tl:F4}");
    }

    private static string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
    private static string P(double? v) => v is { } x ? Percent(x, "F2") : "-";
    private static string Percent(double v, string format) => (v * 100).ToString(format, CultureInfo.InvariantCulture) + "%";
}
