using System.Globalization;
using TuneWise.Core.Experiments;
using TuneWise.Search.Storage;
using TuneWise.Search.Tuning;

namespace TuneWise.MLNet.Tuning;

/// <summary>What happened in a tuning run.</summary>
public enum TuningEvent
{
    /// <summary>A phase started (<see cref="TuningProgress.Phase"/>).</summary>
    Phase,
    /// <summary>A trial started with <see cref="TuningProgress.Parameters"/>.</summary>
    TrialStarted,
    /// <summary>A trial ended an epoch with <see cref="TuningProgress.Metrics"/>.</summary>
    Epoch,
    /// <summary>A trial ended (<see cref="TuningProgress.Finished"/>).</summary>
    TrialFinished,
}

/// <summary>One event of a tuning run, given to the progress callback of <see cref="TuningExperiment.RunAsync"/>.</summary>
public sealed record TuningProgress
{
    internal Action<int>? SkipAction { get; init; }

    /// <summary>What happened.</summary>
    public required TuningEvent Event { get; init; }
    /// <summary>The phase that started, for <see cref="TuningEvent.Phase"/>.</summary>
    public TuningPhase? Phase { get; init; }
    /// <summary>The trial's number, for trial events.</summary>
    public int? Trial { get; init; }
    /// <summary>The trial's parameters, for <see cref="TuningEvent.TrialStarted"/>.</summary>
    public IReadOnlyDictionary<string, object>? Parameters { get; init; }
    /// <summary>The epoch (1-based), for <see cref="TuningEvent.Epoch"/>.</summary>
    public int? Epoch { get; init; }
    /// <summary>The epoch's metrics, for <see cref="TuningEvent.Epoch"/>.</summary>
    public IReadOnlyDictionary<string, double>? Metrics { get; init; }
    /// <summary>The trial as stored, for <see cref="TuningEvent.TrialFinished"/>.</summary>
    public StoredTrial? Finished { get; init; }

    /// <summary>
    /// Stops the trial this event is about at its next health probe or epoch (an ML.NET trainer at
    /// once) and records it as pruned (skipped); the study goes on with the next trial.
    /// </summary>
    /// <exception cref="InvalidOperationException">The event is not about a trial.</exception>
    public void SkipTrial() => (Trial is { } trial && SkipAction is { } skip ? skip : throw new InvalidOperationException("this event is not about a running trial"))(trial);

    /// <summary>One line for people.</summary>
    public override string ToString() => Event switch
    {
        TuningEvent.Phase => $"phase {Phase}",
        TuningEvent.TrialStarted => $"trial {Trial} started: {string.Join(", ", Parameters!.Select(p => $"{p.Key}={Format(p.Value)}"))}",
        TuningEvent.Epoch => $"trial {Trial} epoch {Epoch}: {string.Join(", ", Metrics!.Select(m => $"{m.Key}={m.Value:G4}"))}",
        _ => $"trial {Trial} {Finished!.Record.State.ToString().ToLowerInvariant()}" +
             (Finished.Pruned is { } p ? $" by {p.Pruner}" : "") + (Finished.Error is { } e ? $": {e}" : ""),
    };

    private static string Format(object value) => value is double d ? d.ToString("G4", CultureInfo.InvariantCulture) : Convert.ToString(value, CultureInfo.InvariantCulture)!;
}
