using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Rendering;
using TuneWise.Core.Experiments;
using TuneWise.Core.RangeTests;
using TuneWise.Core.Trials;
using TuneWise.Search.Storage;
using TuneWise.Search.Tuning;

namespace TuneWise.Cli.Output;

/// <summary>
/// The live display of a tuning job in a terminal: phase, trials done against the budget with an
/// ETA, the running trial's epoch and loss, the best so far, and the most recent trials.
/// </summary>
internal sealed class TuningLiveView(Experiment experiment, IStudyStorage storage, Objective objective) : ITuningObserver
{
    private const int RecentRows = 8;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<StoredTrial> _recent = [];
    private readonly List<string> _rangeTests = [];
    private LiveDisplayContext? _context;
    private TuningPhase _phase = TuningPhase.Preflight;
    private string _running = "", _sampler = "";
    private int _done, _finishedHere;
    private StoredTrial? _best;

    /// <summary>Runs <paramref name="job"/> with the display live on <paramref name="console"/>.</summary>
    public T Run<T>(IAnsiConsole console, Func<T> job)
    {
        T result = default!;
        console.Live(Render()).AutoClear(false).Start(context =>
        {
            _context = context;
            result = job();
            Refresh();
        });
        return result;
    }

    public void OnPhase(TuningPhase phase)
    {
        _phase = phase;
        if (phase == TuningPhase.Sweep) Count();
        Refresh();
    }

    public void OnSampler(string description)
    {
        _sampler = description;
        Refresh();
    }

    public void OnRangeTest(LrRangeTestResult r, bool reused)
    {
        _rangeTests.Add($"{r.Optimizer}: {TuningText.Number(r.Range.Lower)} … {TuningText.Number(r.Range.Upper)}{(reused ? " (stored)" : "")}");
        Refresh();
    }

    public void OnTrialStarted(StoredTrial trial, Experiment configuration)
    {
        _running = $"trial {trial.Record.Number}: {TuningText.Parameters(trial.Record.Parameters)}";
        Refresh();
    }

    public void OnTrialResumed(int trial, int epochsRestored, double? epochsLost)
    {
        _running = $"{_running} ({TuningText.Resumed(epochsRestored, epochsLost)})";
        Refresh();
    }

    public void OnProgress(int trial, int epoch, int step, double loss)
    {
        _running = $"{_running.Split("  —")[0]}  — epoch {epoch + 1}/{experiment.Training.Epochs}, loss {TuningText.Number(loss)}";
        Refresh();
    }

    public void OnTrialFinished(StoredTrial trial)
    {
        _finishedHere++;
        _recent.Insert(0, trial);
        if (_recent.Count > RecentRows) _recent.RemoveAt(_recent.Count - 1);
        _running = "";
        Count();
        Refresh();
    }

    private void Count()
    {
        var trials = storage.Trials(withHealthSeries: false);
        _done = trials.Count(t => t.Record.State is TrialState.Complete or TrialState.Pruned);
        _best = trials.Where(t => t.Record.IsUsableObservation).MinBy(t => t.Record.Value);
    }

    private void Refresh()
    {
        if (_context is null) return;
        _context.UpdateTarget(Render());
        _context.Refresh();
    }

    private IRenderable Render()
    {
        int budget = experiment.Search.Budget.Trials;
        string eta = _finishedHere > 0 && _done < budget
            ? $", about {TimeSpan.FromSeconds(_clock.Elapsed.TotalSeconds / _finishedHere * (budget - _done)):hh\\:mm\\:ss} left"
            : "";
        var lines = new List<IRenderable>
        {
            new Markup($"[bold]{TerminalText.Markup(experiment.Name)}[/]  phase [blue]{_phase.ToString().ToLowerInvariant()}[/]  " +
                       $"{_done}/{budget} trials, {_clock.Elapsed:hh\\:mm\\:ss} elapsed{eta}"),
        };
        if (_rangeTests.Count > 0) lines.Add(new Markup("learning-rate ranges: " + TerminalText.Markup(string.Join("; ", _rangeTests))));
        if (_sampler.Length > 0) lines.Add(new Markup("sampler " + TerminalText.Markup(_sampler)));
        if (_best is not null)
            lines.Add(new Markup($"best: trial {_best.Record.Number}, {objective.Metric} [green]{TuningText.ObjectiveValue(objective, _best)}[/]  " +
                                 TerminalText.Markup(TuningText.Parameters(_best.Record.Parameters))));
        if (_running.Length > 0) lines.Add(new Markup("running " + TerminalText.Markup(_running)));
        if (_recent.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple).AddColumns("trial", "state", objective.Metric, "epochs", "parameters");
            foreach (var t in _recent)
                table.AddRow(t.Record.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), TerminalText.Markup(TuningText.State(t)),
                    TuningText.ObjectiveValue(objective, t) ?? "", t.Intermediate.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    TerminalText.Markup(TuningText.Parameters(t.Record.Parameters)));
            lines.Add(table);
        }
        return new Rows(lines);
    }
}
