using TorchSharp;
using TuneWise.Core.Experiments;
using TuneWise.Core.Health;
using static TorchSharp.torch;

namespace TuneWise.Models.Health.Preflight;

/// <summary>
/// <c>label_mismatch</c> (fatal): labels the model cannot produce — class indices outside its
/// outputs or not whole numbers, a model whose output count differs from the class count, or
/// non-finite regression targets.
/// </summary>
public sealed class LabelMismatchCheck : IPreflightCheck
{
    /// <inheritdoc />
    public string Code => VerdictCodes.LabelMismatch;

    /// <inheritdoc />
    public IEnumerable<HealthVerdict> Check(PreflightContext context)
    {
        var data = context.Data.Train;
        long outputs;
        using (var scope = NewDisposeScope())
        {
            using var model = context.BuildModel();
            model.eval();
            using var noGrad = no_grad();
            var sample = tensor(data.Features.AsSpan(0, Math.Min(2, data.Count) * data.FeatureCount).ToArray(),
                [Math.Min(2, data.Count), .. data.SampleShape.Select(d => (long)d)]);
            var shape = model.call(sample).shape;
            outputs = shape.Length > 1 ? shape[1] : 1;
        }
        if (data.Task == TaskKind.Regression)
        {
            int bad = Array.FindIndex(data.Targets, t => !float.IsFinite(t));
            if (bad >= 0)
                yield return context.Verdict(Code, Severity.Fatal, $"regression target at row {data.SourceRow(bad)} of {data.Source} is {data.Targets[bad]}.",
                    ["remove or fix rows with missing targets"], new Dictionary<string, double> { ["row"] = data.SourceRow(bad) });
            if (outputs != 1)
                yield return context.Verdict(Code, Severity.Fatal, $"the model gives {outputs} outputs per sample; regression needs 1.",
                    ["make the last layer output one value"], new Dictionary<string, double> { ["model_outputs"] = outputs });
            yield break;
        }
        if (outputs != data.ClassCount)
            yield return context.Verdict(Code, Severity.Fatal,
                $"the model gives {outputs} scores per sample but the data has {data.ClassCount} classes.",
                ["make the last layer output one score per class"], new Dictionary<string, double> { ["model_outputs"] = outputs, ["classes"] = data.ClassCount });
        foreach (var split in new[] { data, context.Data.Validation })
        {
            int bad = Array.FindIndex(split.Targets, t => t < 0 || t >= outputs || t != MathF.Floor(t));
            if (bad >= 0)
                yield return context.Verdict(Code, Severity.Fatal,
                    $"label {split.Targets[bad]} at row {split.SourceRow(bad)} of {split.Source} is not a class index in [0, {outputs}).",
                    ["map labels to 0 … C−1", "check data.task: a numeric target may be a regression"],
                    new Dictionary<string, double> { ["row"] = split.SourceRow(bad), ["label"] = split.Targets[bad] });
        }
    }
}
