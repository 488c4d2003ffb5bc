using System.Collections.Frozen;

namespace TuneWise.Core.Health;

/// <summary>
/// The thresholds of every detector and preflight check, with defaults taken from the literature
/// (cited per entry), overridable by name from the experiment's <c>health.thresholds</c>.
/// </summary>
public sealed class HealthThresholds
{
    /// <summary>Every known threshold with its default and where the default comes from.</summary>
    public static readonly FrozenDictionary<string, (double Default, string Source)> Catalogue = new Dictionary<string, (double, string)>
    {
        ["vanishing_gradient.ratio"] = (1e-3, "‖grad first layer‖ / ‖grad last layer‖ below this (AUTOTRAINER, ICSE 2021)"),
        ["vanishing_gradient.first_norm"] = (1e-4, "and ‖grad first layer‖ below this (AUTOTRAINER)"),
        ["exploding_gradient.ratio"] = (70, "‖grad first layer‖ / ‖grad last layer‖ above this (AUTOTRAINER)"),
        ["exploding_gradient.first_norm"] = (1, "and ‖grad first layer‖ above this: a large ratio between tiny gradients (a tiny initialisation) is no explosion"),
        ["exploding_gradient.loss_factor"] = (400, "a loss this many times its reference is an explosion; the reference is ln C for classification (so ≈ 1e3 for 10 classes, AUTOTRAINER's limit) and the run's own starting loss for regression, whose loss scales with its targets"),
        ["dead_relu.fraction"] = (0.7, "share of a ReLU layer's outputs ≤ 0 on the probe batch (DeepDiagnosis, ICSE 2022)"),
        ["dead_relu.unit_fraction"] = (0.5, "and share of its units that never fire on the probe batch: sparse activations alone are healthy (80–90 % zeros is common on standardised images)"),
        ["dead_relu.min_batch"] = (16, "probe batches smaller than this cannot tell a dead unit from a quiet one; the rule waits"),
        ["saturated_activation.fraction"] = (0.5, "share of sigmoid/tanh pre-activations in the tails (DeepDiagnosis)"),
        ["saturated_activation.limit"] = (5, "|pre-activation| at or above this counts as saturated (DeepDiagnosis)"),
        ["stalled_weights.update_ratio"] = (1e-5, "median ‖ΔW‖/‖W‖ below this; ≈1e-3 is healthy (CS231n)"),
        ["stalled_weights.converged_drop"] = (0.9, "not judged once the smoothed loss has fallen by this share of its start: tiny steps at an optimum are success"),
        ["stalled_weights.min_batch"] = (16, "smaller batches are not judged: one step of a few samples already learnt barely moves the weights, so a single step says nothing"),
        ["oversized_updates.update_ratio"] = (0.1, "median ‖ΔW‖/‖W‖ above this; ≈1e-3 is healthy (CS231n)"),
        ["clip_saturation.step_fraction"] = (0.9, "norm clipping active in at least this share of steps"),
        ["clip_saturation.element_fraction"] = (0.5, "value clipping changes at least this share of gradient elements"),
        ["diverging_loss.factor"] = (2, "smoothed loss above this multiple of its best, and above where it started"),
        ["oscillating_loss.swing"] = (0.03, "a drop of training accuracy of at least this counts as a swing (AUTOTRAINER)"),
        ["oscillating_loss.share"] = (0.2, "swings in more than this share of epochs (AUTOTRAINER)"),
        ["oscillating_loss.jump"] = (2, "a step whose loss is this multiple of the previous step's is a jump"),
        ["oscillating_loss.jump_share"] = (0.1, "jumps in more than this share of steps (healthy minibatch noise stays near 1 %)"),
        ["curve.after"] = (0.3, "curve detectors judge only after this share of the planned epochs or steps (AUTOTRAINER)"),
        ["plateau.gain"] = (0.01, "best one-epoch validation-accuracy gain below this is slow convergence (AUTOTRAINER)"),
        ["plateau.loss_drop"] = (0.05, "smoothed loss fell by less than this share of its start: no progress"),
        ["overfitting.epochs"] = (2, "validation loss rose this many epochs in a row while training loss fell"),
        ["overfitting.rise"] = (0.05, "and stands at least this share above its best (smaller rises are sampling noise)"),
        ["regularization_dominant.ratio"] = (1, "l2 penalty / data loss above this"),
        ["regularization_negligible.ratio"] = (1e-4, "l2 penalty / data loss below this"),
        ["persistence"] = (3, "probes in a row a warning must persist before a pruner acts on it"),
        ["input_unscaled.limit"] = (10, "a feature mean or standard deviation beyond this magnitude"),
        ["class_imbalance.ratio"] = (10, "largest class / smallest class above this"),
        ["split_shift.difference"] = (0.05, "a class's share differs between training and validation by more than this"),
        ["initial_loss_off.factor"] = (0.5, "initial loss differs from ln C by more than this share of ln C (CS231n)"),
        ["cannot_overfit.steps"] = (100, "Adam steps (learning rate 3e-3) allowed to memorise one small batch (Karpathy's recipe)"),
        ["cannot_overfit.batch"] = (16, "samples in that batch"),
        ["cannot_overfit.loss_drop"] = (0.5, "the loss must fall by at least this share of its start"),
    }.ToFrozenDictionary();

    private readonly IReadOnlyDictionary<string, double> _overrides;

    /// <summary>Defaults, with <paramref name="overrides"/> (by name) taking precedence.</summary>
    public HealthThresholds(IReadOnlyDictionary<string, double>? overrides = null) =>
        _overrides = overrides ?? new Dictionary<string, double>();

    /// <summary>The defaults only.</summary>
    public static HealthThresholds Default { get; } = new();

    /// <summary>The value of threshold <paramref name="name"/>.</summary>
    public double this[string name] => _overrides.TryGetValue(name, out var v) ? v
        : Catalogue.TryGetValue(name, out var d) ? d.Default
        : throw new KeyNotFoundException($"unknown health threshold '{name}'");

    /// <summary>Names in <paramref name="overrides"/> that are not known thresholds.</summary>
    public static IEnumerable<string> Unknown(IEnumerable<string> overrides) => overrides.Where(n => !Catalogue.ContainsKey(n));
}
