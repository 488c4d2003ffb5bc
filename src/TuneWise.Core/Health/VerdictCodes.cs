namespace TuneWise.Core.Health;

/// <summary>The stable, snake_case codes of health verdicts and preflight findings.</summary>
public static class VerdictCodes
{
    /// <summary>A loss, gradient or weight became NaN or infinite.</summary>
    public const string NonFinite = "non_finite";
    /// <summary>Gradients grow from the output towards the input, or the loss explodes.</summary>
    public const string ExplodingGradient = "exploding_gradient";
    /// <summary>Gradients shrink to nothing before reaching the first layers.</summary>
    public const string VanishingGradient = "vanishing_gradient";
    /// <summary>Most outputs of a ReLU layer are zero.</summary>
    public const string DeadRelu = "dead_relu";
    /// <summary>Most sigmoid/tanh inputs sit in the flat tails.</summary>
    public const string SaturatedActivation = "saturated_activation";
    /// <summary>Updates are far too small relative to the weights.</summary>
    public const string StalledWeights = "stalled_weights";
    /// <summary>Updates are far too large relative to the weights.</summary>
    public const string OversizedUpdates = "oversized_updates";
    /// <summary>Gradient clipping acts on (almost) every step or element.</summary>
    public const string ClipSaturation = "clip_saturation";
    /// <summary>The loss rises instead of falling.</summary>
    public const string DivergingLoss = "diverging_loss";
    /// <summary>Training accuracy swings up and down from epoch to epoch.</summary>
    public const string OscillatingLoss = "oscillating_loss";
    /// <summary>The loss or accuracy has stopped improving.</summary>
    public const string Plateau = "plateau";
    /// <summary>Validation loss rises while training loss falls.</summary>
    public const string Overfitting = "overfitting";
    /// <summary>The l2 penalty outweighs the data loss.</summary>
    public const string RegularizationDominant = "regularization_dominant";
    /// <summary>The l2 penalty is too small to matter.</summary>
    public const string RegularizationNegligible = "regularization_negligible";

    /// <summary>Preflight: NaN or infinite input values.</summary>
    public const string InputNonFinite = "input_non_finite";
    /// <summary>Preflight: features far from unit scale.</summary>
    public const string InputUnscaled = "input_unscaled";
    /// <summary>Preflight: labels outside the model's output range.</summary>
    public const string LabelMismatch = "label_mismatch";
    /// <summary>Preflight: some classes far rarer than others.</summary>
    public const string ClassImbalance = "class_imbalance";
    /// <summary>Preflight: class frequencies differ between training and validation.</summary>
    public const string SplitShift = "split_shift";
    /// <summary>Preflight: the initial loss is far from its value at chance.</summary>
    public const string InitialLossOff = "initial_loss_off";
    /// <summary>Preflight: the model cannot even memorise one small batch.</summary>
    public const string CannotOverfitSmallBatch = "cannot_overfit_small_batch";

    /// <summary>Every code above.</summary>
    public static IReadOnlySet<string> All { get; } = typeof(VerdictCodes).GetFields()
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet();
}
