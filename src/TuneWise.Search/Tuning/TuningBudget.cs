using System.Globalization;
using TuneWise.Core.Experiments;
using TuneWise.Search.Storage;

namespace TuneWise.Search.Tuning;

/// <summary>
/// The limits of a sweep (<c>search.budget</c>): trials, wall-clock minutes and total epochs. The
/// first one reached ends the sweep: no new trial starts, and running trials stop at their next
/// epoch boundary. Epochs are counted from the study's stored reports, so every worker of the
/// study shares one count.
/// </summary>
internal sealed class TuningBudget(BudgetSection section, IStudyStorage storage, TimeProvider clock)
{
    private readonly long _started = clock.GetTimestamp();

    /// <summary>The trial budget.</summary>
    public int Trials => section.Trials;

    /// <summary>Time since this worker's sweep began.</summary>
    public TimeSpan Elapsed => clock.GetElapsedTime(_started);

    /// <summary>Epochs reported by all trials of the study so far.</summary>
    /// <param name="trials">The study as already read (e.g. once per epoch for the pruners too); read now when null.</param>
    public int EpochsUsed(IReadOnlyList<StoredTrial>? trials = null) => (trials ?? storage.Trials(withHealthSeries: false)).Sum(t => t.Intermediate.Count);

    /// <summary>Which limit is reached (<c>minutes</c> or <c>epochs</c>), or null while the sweep may go on. The trial limit is the storage's to enforce.</summary>
    /// <param name="trials">Reads the study when the epoch limit needs it (e.g. the view of the study an epoch shares); the store's trials when null.</param>
    public string? Exhausted(Func<IReadOnlyList<StoredTrial>>? trials = null)
    {
        if (section.Minutes is { } minutes && Elapsed.TotalMinutes >= minutes) return "minutes";
        if (section.Epochs is { } epochs && EpochsUsed(trials?.Invoke()) >= epochs) return "epochs";
        return null;
    }

    /// <summary>A sentence saying which limit was reached, for the trial that it cuts.</summary>
    public string Describe(string limit) => limit switch
    {
        "minutes" => string.Create(CultureInfo.InvariantCulture, $"the study's time budget of {section.Minutes:G4} minutes is used up"),
        "epochs" => $"the study's budget of {section.Epochs} epochs is used up",
        _ => limit,
    };
}
