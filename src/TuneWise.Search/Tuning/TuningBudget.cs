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
public sealed class TuningBudget(BudgetSection section, IStudyStorage storage, TimeProvider clock)
{
    private readonly long _started = clock.GetTimestamp();

    /// <summary>The trial budget.</summary>
    public int Trials => section.Trials;

    /// <summary>Time since this worker's sweep began.</summary>
    public TimeSpan Elapsed => clock.GetElapsedTime(_started);

    /// <summary>Epochs reported by all trials of the study so far.</summary>
    public int EpochsUsed() => storage.Trials(withHealthSeries: false).Sum(t => t.Intermediate.Count);

    /// <summary>Which limit is reached (<c>minutes</c> or <c>epochs</c>), or null while the sweep may go on. The trial limit is the storage's to enforce.</summary>
    public string? Exhausted()
    {
        if (section.Minutes is { } minutes && Elapsed.TotalMinutes >= minutes) return "minutes";
        if (section.Epochs is { } epochs && EpochsUsed() >= epochs) return "epochs";
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
