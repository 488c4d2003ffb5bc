namespace TuneWise.Models.Training;

/// <summary>
/// Sees every step of a training run. All methods have empty defaults, so an observer implements
/// only what it needs. The trainer skips all observer work when none is attached.
/// </summary>
/// <remarks>
/// Order within one step: <see cref="OnGradients"/> (gradients as computed, before clipping) →
/// <see cref="OnClipped"/> (after clipping, before the optimizer step) → <see cref="OnStepCompleted"/>
/// (weights updated). Tensors in the context live only until the callback returns; copy what you keep.
/// </remarks>
public interface ITrainingObserver
{
    /// <summary>Once, after the model and optimizer exist and before the first step.</summary>
    void OnTrainingStarted(TrainingRun run) { }
    /// <summary>
    /// Once, after <see cref="OnTrainingStarted"/>, when the run goes on from a checkpoint after an
    /// interruption: <paramref name="epochsRestored"/> epochs came back (and are replayed next), and
    /// <paramref name="epochsLost"/> epochs of training were lost to the interruption (0 to 1 when
    /// only the epoch in progress was; null when the checkpoint holds no note of how far the run had got).
    /// </summary>
    void OnResumed(int epochsRestored, double? epochsLost) { }
    /// <summary>Gradients have been computed; clipping has not happened yet.</summary>
    void OnGradients(StepContext step) { }
    /// <summary>Gradients have been clipped (or not, when clipping is off); the optimizer has not stepped.</summary>
    void OnClipped(StepContext step) { }
    /// <summary>The optimizer has updated the weights.</summary>
    void OnStepCompleted(StepContext step) { }
    /// <summary>An epoch ended and the validation set was evaluated.</summary>
    void OnEpochCompleted(EpochMetrics epoch) { }
    /// <summary>Training ended, for whatever reason.</summary>
    void OnTrainingCompleted(TrainingResult result) { }
}
