using TorchSharp;
using TuneWise.Models.Training;
using TuneWise.Core.Experiments;
using TuneWise.Core.Health;
using static TorchSharp.torch;

namespace TuneWise.Models.Health.Preflight;

/// <summary>
/// <c>initial_loss_off</c>: before any step, softmax cross-entropy should be near ln C, its value
/// at chance (CS231n). Warning when it is off by more than half of ln C; fatal when non-finite.
/// </summary>
/// <remarks>
/// The loss is measured as the first training step sees it: in training mode, so batch
/// normalisation uses the batch's statistics. In evaluation mode it would use its running
/// statistics, which start at mean 0 and variance 1 and have not seen a batch yet: a healthy ResNet
/// then scored 4.8 against ln 10 = 2.3, while its first training batch scored 2.4.
/// </remarks>
public sealed class InitialLossCheck : IPreflightCheck
{
    /// <inheritdoc />
    public string Code => VerdictCodes.InitialLossOff;

    /// <inheritdoc />
    public IEnumerable<HealthVerdict> Check(PreflightContext context)
    {
        var data = context.Data.Train;
        if (data.Task != TaskKind.Classification || data.ClassCount < 2) yield break;
        double loss;
        using (var scope = NewDisposeScope())
        {
            using var model = context.BuildModel();
            model.train();
            using var noGrad = no_grad();
            // Spread over the file: its first rows may all share one class.
            int size = Math.Min(context.Experiment.Training.BatchSize, data.Count);
            var sample = data.Subset(Enumerable.Range(0, size).Select(i => (int)((long)i * data.Count / size)).ToList());
            loss = Evaluator.Loss(model.call(Trainer.ToInputs(sample)), Trainer.ToTargets(sample), TaskKind.Classification).item<float>();
        }
        double chance = Math.Log(data.ClassCount);
        var evidence = new Dictionary<string, double> { ["initial_loss"] = loss, ["chance_loss"] = chance };
        var m = context.Experiment.Model;
        if (!double.IsFinite(loss))
        {
            yield return context.Verdict(Code, Severity.Fatal, $"the loss before training is {loss}: the initial network already overflows.",
                [Detectors.Fixes.FanInInit(m), "check the inputs for NaN/Inf and their scale"], evidence);
            yield break;
        }
        if (Math.Abs(loss - chance) <= context.Thresholds["initial_loss_off.factor"] * chance) yield break;
        yield return context.Verdict(Code, Severity.Warning,
            $"the loss before training is {loss:G3}, but at chance it should be ln {data.ClassCount} = {chance:G3}: the initial weights make confident, arbitrary predictions.",
            [Detectors.Fixes.FanInInit(m), "initialise the last layer small so the first scores are near zero"], evidence);
    }

}
