using System.Globalization;
using Spectre.Console;
using TuneWise.Core.Health;
using TuneWise.Core.Trials;
using TuneWise.Search.Storage;
using TuneWise.Search.Tuning;

namespace TuneWise.Cli.Output;

/// <summary>Where a study stands, as tables for people and as JSON for <c>--json</c>.</summary>
internal static class TuningSummaryView
{
    /// <summary>Writes the summary; <paramref name="top"/> trials of the ranking, or every one when null.</summary>
    public static void Write(IAnsiConsole console, string name, TuningSummary s, string? bestFile, int? top)
    {
        var o = s.Objective;
        console.MarkupLine($"[bold]{TerminalText.Markup(name)}[/]: {s.Trials.Count} trials — {s.Count(TrialState.Complete)} complete, " +
                           $"{s.Count(TrialState.Pruned) - s.Unhealthy} pruned, {s.Unhealthy} unhealthy, {s.Count(TrialState.Failed)} failed, " +
                           $"{s.Count(TrialState.Running) + s.Count(TrialState.Waiting)} running or waiting; {s.EpochsUsed} epochs" +
                           (s.EndedBy == "status" ? "" : $"; ended by {s.EndedBy} after {s.Elapsed:hh\\:mm\\:ss}"));
        foreach (var r in s.RangeTests)
            console.MarkupLine($"learning-rate range {r.Optimizer}: {TuningText.Number(r.Range.Lower)} … {TuningText.Number(r.Range.Upper)} (recommended {TuningText.Number(r.Recommended)})");
        var ranked = s.Trials.OrderBy(t => t.Record.IsUsableObservation ? 0 : 1).ThenBy(t => t.Record.Value ?? double.MaxValue).ToList();
        // In a narrow terminal only the parameters may wrap: a number split over two lines ("0." / "0754") misreads.
        var table = new Table().Border(TableBorder.Simple)
            .AddColumns(new[] { "rank", "trial", "state", o.Metric, "epochs" }.Select(h => new TableColumn(TerminalText.Markup(h)).NoWrap()).ToArray())
            .AddColumn("parameters");
        int rank = 0;
        foreach (var t in top is { } n ? ranked.Take(n) : ranked)
            table.AddRow(t.Record.IsUsableObservation ? (++rank).ToString(CultureInfo.InvariantCulture) : "", t.Record.Number.ToString(CultureInfo.InvariantCulture),
                TerminalText.Markup(TuningText.State(t)), TuningText.ObjectiveValue(o, t) ?? "", t.Intermediate.Count.ToString(CultureInfo.InvariantCulture),
                TerminalText.Markup(TuningText.Parameters(t.Record.Parameters)));
        console.Write(table);
        if (top is { } shown && ranked.Count > shown)
            console.MarkupLine($"the {shown} best of {ranked.Count} trials; --all lists every one, --top N the N best");
        if (VerdictCounts(s.Trials.Select(Verdicts)) is { Count: > 0 } verdicts)
            console.MarkupLine("verdicts: " + TerminalText.Markup(string.Join(", ", verdicts.Select(v => $"{v.Key} in {v.Value} trial{(v.Value == 1 ? "" : "s")}"))));
        foreach (var worker in s.Trials.Where(t => t.Record.State == TrialState.Running).GroupBy(t => t.Worker ?? "unknown").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var beat = worker.Max(t => t.LastHeartbeat);
            console.MarkupLine(TerminalText.Markup($"worker {worker.Key}: running trial {string.Join(", ", worker.Select(t => t.Record.Number))}" +
                (beat is { } last ? $", last heartbeat {last.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC" : "")));
        }
        if (s.Best is { } best)
        {
            console.MarkupLine($"best: trial {best.Record.Number}, {o.Metric} [green]{TuningText.Number(s.BestValue!.Value)}[/]" +
                               (s.Test is { } test ? $"; retrained on train+validation: {TerminalText.Markup(TuningText.Metrics(test))}" : ""));
            if (bestFile is not null) console.MarkupLine($"best configuration: {TerminalText.Markup(bestFile)} (run it with 'tunewise train')");
        }
        else console.MarkupLine("[yellow]no trial has completed yet[/]");
    }

    public static object Json(string name, string study, TuningSummary s, string? bestFile, string? weights, string? report = null)
    {
        // Each trial's verdicts parsed once, for its row and for the counts.
        var verdicts = s.Trials.ToDictionary(t => t.Record.Number, Verdicts);
        return Json(name, study, s, bestFile, weights, report, verdicts);
    }

    private static object Json(string name, string study, TuningSummary s, string? bestFile, string? weights, string? report, IReadOnlyDictionary<int, IReadOnlyList<string>> verdicts) => new
    {
        experiment = name,
        study,
        objective = new { metric = s.Objective.Metric, direction = s.Objective.Direction.ToString().ToLowerInvariant() },
        endedBy = s.EndedBy,
        elapsedSeconds = s.Elapsed.TotalSeconds,
        counts = new
        {
            complete = s.Count(TrialState.Complete), pruned = s.Count(TrialState.Pruned) - s.Unhealthy, unhealthy = s.Unhealthy,
            failed = s.Count(TrialState.Failed), running = s.Count(TrialState.Running), waiting = s.Count(TrialState.Waiting),
        },
        epochsUsed = s.EpochsUsed,
        verdictCounts = VerdictCounts(verdicts.Values).ToDictionary(v => v.Key, v => v.Value),
        rangeTests = s.RangeTests.Select(r => new { optimizer = r.Optimizer, lower = r.Range.Lower, upper = r.Range.Upper, recommended = r.Recommended }),
        best = s.Best is { } b ? new { trial = b.Record.Number, value = s.BestValue, parameters = b.Record.Parameters, seed = b.Seed } : null,
        bestExperiment = bestFile,
        bestWeights = weights,
        report,
        test = s.Test,
        trials = s.Trials.Select(t => new
        {
            number = t.Record.Number,
            state = t.Record.State.ToString().ToLowerInvariant(),
            unhealthy = t.Record.Unhealthy,
            parameters = t.Record.Parameters,
            value = t.Record.Value is { } v ? s.Objective.Value(v) : (double?)null,
            epochs = t.Intermediate.Count,
            stoppedBy = t.Pruned?.Pruner,
            reason = t.Pruned?.Reason,
            verdicts = verdicts[t.Record.Number],
            error = t.Error,
            seconds = t.Seconds,
            worker = t.Worker,
        }),
    };

    // How many trials each verdict above information was found in, most frequent first.
    private static IReadOnlyList<KeyValuePair<string, int>> VerdictCounts(IEnumerable<IReadOnlyList<string>> trialVerdicts) =>
        trialVerdicts.SelectMany(v => v).GroupBy(code => code).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => KeyValuePair.Create(g.Key, g.Count())).ToList();

    private static IReadOnlyList<string> Verdicts(StoredTrial t)
    {
        if (t.HealthVerdicts is null) return [];
        try
        {
            return StoredJson.Read<List<HealthVerdict>>(t.HealthVerdicts).Where(v => v.Severity != Severity.Info).Select(v => v.Code).Distinct().ToList();
        }
        catch (System.Text.Json.JsonException)
        {
            return [];
        }
    }
}
