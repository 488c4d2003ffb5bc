using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using TuneWise.Cli.Output;
using TuneWise.Models.Data;
using TuneWise.Models.RangeTest;
using TuneWise.Reports.Charts;
using TuneWise.Core.Experiments;
using TuneWise.Core.RangeTests;

namespace TuneWise.Cli.Commands;

/// <summary><c>tunewise lr-find &lt;experiment.json&gt;</c>: the learning-rate range test, per optimizer.</summary>
internal static class LrFindCommand
{
    public static Command Create(IAnsiConsole console, IAnsiConsole error)
    {
        var experimentArg = new Argument<FileInfo>("experiment") { Description = "The experiment file (JSON); search.lrRangeTest sets the sweep." };
        var jsonOption = new Option<bool>("--json") { Description = "Print every result with its whole curve as JSON." };
        var plotOption = new Option<FileInfo?>("--plot") { Description = "Draw loss against learning rate (log axis) with the suggestions marked, to this .svg or .png file." };
        var optimizersOption = new Option<string?>("--optimizers") { Description = "Comma-separated optimizers to test (e.g. sgd,adam); default the experiment's own." };
        var validationOption = new Option<bool>("--validation") { Description = "Measure the loss on validation data after every step (Smith), instead of the training batch; slower." };
        var command = new Command("lr-find", "Run a learning-rate range test and suggest a learning rate and a search range per optimizer.")
        {
            experimentArg, jsonOption, plotOption, optimizersOption, validationOption,
        };
        command.SetAction((parse, cancellation) => Task.FromResult(Run(parse.GetValue(experimentArg)!, parse.GetValue(jsonOption),
            parse.GetValue(plotOption), parse.GetValue(optimizersOption), parse.GetValue(validationOption), console, error, cancellation)));
        return command;
    }

    private static int Run(FileInfo file, bool json, FileInfo? plot, string? optimizers, bool validation, IAnsiConsole console, IAnsiConsole error,
        CancellationToken cancellation)
    {
        try
        {
            var experiment = ExperimentLoader.Load(file.FullName);
            if (plot is not null) TuneWise.Reports.Charts.LineChart.EnsureSupported(plot.FullName, $"--plot {plot.Name}");
            if (plot is not null) OutputFiles.EnsureWritable(plot.FullName, $"--plot {plot.Name}");
            var kinds = ParseOptimizers(optimizers, experiment.Training.Optimizer);
            var options = LrRangeTestOptions.From(experiment.Search.LrRangeTest) with { UseValidationLoss = validation };
            options.Validate();
            var data = ExperimentData.Load(experiment);
            var results = new List<LrRangeTestResult>();
            if (json)
            {
                foreach (var kind in kinds) results.Add(new LearningRateRangeTest(options).Run(experiment, data, kind, cancellation));
                JsonOutput.Write(console, new { experiment = experiment.Name, results });
            }
            else
            {
                int steps = options.StepsFor(data.Train.Count / Math.Max(1, Math.Min(experiment.Training.BatchSize, data.Train.Count)));
                console.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .Start(ctx =>
                    {
                        foreach (var kind in kinds)
                        {
                            var task = ctx.AddTask($"{LearningRateRangeTest.OptimizerName(kind)} range test", maxValue: steps);
                            var test = new LearningRateRangeTest(options)
                            {
                                OnStep = p => { task.Value = p.Step + 1; task.Description = $"{LearningRateRangeTest.OptimizerName(kind)}  lr {p.LearningRate:G3}  loss {p.SmoothedLoss:F4}"; },
                            };
                            results.Add(test.Run(experiment, data, kind, cancellation));
                            task.Value = task.MaxValue;
                        }
                    });
                WriteTable(console, results);
            }
            if (plot is not null) WritePlot(plot.FullName, experiment.Name, results);
            return ExitCodes.Success;
        }
        catch (Exception e)
        {
            return UserErrors.Report(e, error);
        }
    }

    private static List<OptimizerKind> ParseOptimizers(string? text, OptimizerKind fallback)
    {
        if (string.IsNullOrWhiteSpace(text)) return [fallback];
        var known = Enum.GetValues<OptimizerKind>().ToDictionary(LearningRateRangeTest.OptimizerName, k => k);
        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => known.TryGetValue(name.ToLowerInvariant(), out var k) ? k
                : throw new TuneWise.Core.UserInputException($"--optimizers: unknown optimizer '{name}'; expected one of {string.Join(", ", known.Keys)}"))
            .Distinct().ToList();
    }

    private static void WriteTable(IAnsiConsole console, IReadOnlyList<LrRangeTestResult> results)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("optimizer", "recommended", "search range", "diverged at", "valley", "steepest", "minimum/10", "steps", "stop");
        foreach (var r in results)
        {
            string Rule(string name) => G(r.Suggestions.FirstOrDefault(s => s.Rule == name)?.LearningRate);
            table.AddRow(r.Optimizer, $"{G(r.Recommended)}", $"{G(r.Range.Lower)} – {G(r.Range.Upper)}", G(r.DivergedAt),
                Rule("valley"), Rule("steepest"), Rule("minimum/10"), r.Points.Count.ToString(CultureInfo.InvariantCulture), r.StopReason);
        }
        console.Write(table);
        foreach (var r in results)
        {
            console.MarkupLineInterpolated($"[bold]{r.Optimizer}[/]: use learning rate [green]{G(r.Recommended)}[/]; search {G(r.Range.Lower)} – {G(r.Range.Upper)} ({r.Range.Rule})");
            if (r.Caveat is { } caveat) console.MarkupLineInterpolated($"[yellow]note[/]: {caveat}");
        }
    }

    private static void WritePlot(string path, string name, IReadOnlyList<LrRangeTestResult> results)
    {
        // The last steps of a diverging sweep shoot up by orders of magnitude and would flatten the
        // part of the curve that matters; like fastai, draw it only up to 1.5 × the starting loss.
        var series = results.Select(r =>
        {
            var shown = r.Points.Where(p => p.SmoothedLoss <= 1.5 * r.Points[0].SmoothedLoss).ToList();
            return new Series($"{r.Optimizer} smoothed loss", shown.Select(p => p.LearningRate).ToList(), shown.Select(p => p.SmoothedLoss).ToList());
        }).ToList();
        var markers = results.SelectMany(r => new[]
        {
            new Marker($"{r.Optimizer} recommended {G(r.Recommended)}", r.Recommended),
            new Marker($"{r.Optimizer} diverged {G(r.DivergedAt)}", r.DivergedAt ?? double.NaN),
        }).ToList();
        LineChart.Write(path, $"{name}: learning-rate range test", "learning rate", "loss", series, logX: true, markers);
    }

    private static string G(double? v) => v is { } x ? x.ToString("G3", CultureInfo.InvariantCulture) : "-";
}
