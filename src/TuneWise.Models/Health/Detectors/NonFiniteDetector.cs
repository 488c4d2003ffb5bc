using TuneWise.Core.Health;

namespace TuneWise.Models.Health.Detectors;

/// <summary><c>non_finite</c>: a loss, gradient or weight became NaN or infinite. Always fatal.</summary>
public sealed class NonFiniteDetector : IHealthDetector
{
    /// <inheritdoc />
    public string Code => VerdictCodes.NonFinite;

    /// <inheritdoc />
    public HealthVerdict? Inspect(HealthContext context)
    {
        if (context.NonFinite is not { } e) return null;
        var where = new List<string>();
        if (e.InLoss) where.Add("the loss");
        if (e.GradientLayers.Count > 0) where.Add("gradients of " + string.Join(", ", e.GradientLayers));
        if (e.WeightLayers.Count > 0) where.Add("weights of " + string.Join(", ", e.WeightLayers));
        var t = context.Experiment.Training;
        // The root cause first. A batch that carried NaN/Inf is the cause, and a lower rate or
        // clipping would not help. A loss that was not finite on the first step came before any
        // update, as did a gradient that was not finite there, so the rate cannot be the cause: the
        // initial network overflowed (the input scale or the initialisation). Otherwise the values
        // grew inside the network: the rate, then clipping.
        string inputs = "check the inputs for NaN/Inf (the input_non_finite preflight check names the first row)";
        var fixes = new List<string>();
        if (e.InputsFinite == false) fixes.Add(inputs);
        else if (e.Step == 0 && (e.InLoss || e.GradientLayers.Count > 0))
            fixes.AddRange(new[] { "scale the inputs (data.normalize: \"standardize\")", Fixes.FanInInit(context.Experiment.Model) }.Where(f => f.Length > 0));
        else
        {
            fixes.Add(Fixes.LowerLearningRate(t));
            fixes.Add(t.Clip.Mode == Core.Experiments.ClipMode.None
                ? "clip gradients by norm (training.clip: {mode: \"norm\", threshold: 1})"
                : "clip by norm with a lower threshold");
            if (t.Eps is < 1e-10) fixes.Add("raise the optimizer's eps");
            if (e.InputsFinite is null) fixes.Add(inputs);
        }
        string cause = e.InputsFinite switch
        {
            false => " The step's input batch itself held NaN/Inf.",
            true => " The step's input batch was finite: the values grew inside the network.",
            null => "",
        };
        return Verdict.Of(Code, Severity.Fatal, context, $"NaN or Inf appeared at step {e.Step} in {string.Join("; ", where)}.{cause}", fixes,
            e.GradientLayers.Concat(e.WeightLayers).Distinct(), new Dictionary<string, double> { ["step"] = e.Step });
    }
}
