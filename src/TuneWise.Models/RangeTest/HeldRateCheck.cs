using TorchSharp;
using TuneWise.Core.Experiments;
using TuneWise.Core.Health;
using TuneWise.Core.RangeTests;
using TuneWise.Models.Data;
using TuneWise.Models.Health;
using TuneWise.Models.Training;
using static TorchSharp.torch;

namespace TuneWise.Models.RangeTest;

/// <summary>
/// Checks the top of a search range the way a trial meets it: the rate held from the first step,
/// at the smallest batch the search will try, for a few hundred steps with the health monitor
/// watching; while the network dies of it (units gone silent, the loss running away, NaN), the top
/// is halved and checked again, a bounded number of times.
/// </summary>
/// <remarks>
/// A sweep spends a handful of steps at each rate, a trial hundreds or thousands, and a smaller
/// batch is less stable at the same rate. On the quick start the momentum sweep at batch 64 diverged
/// at 0.17–0.35 over three seeds and saw no units die before that, while trials at batch 32 lost a
/// ReLU layer at 0.05 on all three seeds (200–500 steps in) and kept it at 0.035.
/// </remarks>
internal sealed class HeldRateCheck(Experiment experiment, TrainingData data, nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer,
    TrainingSnapshot snapshot, CancellationToken cancellation)
{
    /// <summary>
    /// Steps a rate is held. The quick start's momentum trials at batch 32 lost their units 100–500
    /// steps into the run at the rates that killed them; the health monitor looks every 100 steps.
    /// </summary>
    public const int Steps = 1000;

    /// <summary>Checks at most: the top can fall by 2³ = 8 before the last one.</summary>
    public const int MaxChecks = 4;

    /// <summary>What a learning rate that is too high does to a network, as the health monitor names it.</summary>
    public static readonly IReadOnlySet<string> RateFailures = new HashSet<string>
    {
        VerdictCodes.NonFinite, VerdictCodes.DivergingLoss, VerdictCodes.ExplodingGradient, VerdictCodes.DeadRelu,
    };

    /// <summary>
    /// Checks <paramref name="top"/> at batch <paramref name="batch"/>, halving it after each failure,
    /// until a rate holds or <see cref="MaxChecks"/> have run; every check starts from the snapshot.
    /// </summary>
    public IReadOnlyList<HeldRateProbe> Run(double top, int batch)
    {
        var checks = new List<HeldRateProbe>();
        for (double rate = top; checks.Count < MaxChecks; rate /= 2)
        {
            var check = Hold(rate, batch);
            checks.Add(check);
            if (check.Held) break;
        }
        return checks;
    }

    private HeldRateProbe Hold(double rate, int batch)
    {
        snapshot.Restore();
        // Never longer than a trial at this batch would train.
        int steps = Math.Max(1, Math.Min(Steps, Math.Max(1, data.Train.Count / batch) * experiment.Training.Epochs));
        var held = experiment with { Training = experiment.Training with { LearningRate = rate, Schedule = ScheduleKind.Constant } };
        using var monitor = new HealthMonitor(HealthOptions.From(experiment.Health) with { Percentiles = false });
        var watch = new FailureWatch(monitor);
        ProbeTraining.Run(model, optimizer, held, data, batch, steps, _ => rate, [monitor, watch], cancellation);
        return new HeldRateProbe(rate, batch, steps, watch.Failure?.Code, watch.Failure?.LastStep);
    }

    // Stops the held run at the first verdict a rate causes.
    private sealed class FailureWatch(HealthMonitor monitor) : ITrainingObserver
    {
        public HealthVerdict? Failure { get; private set; }

        public void OnStepCompleted(StepContext step)
        {
            Failure = monitor.Verdicts.FirstOrDefault(v => RateFailures.Contains(v.Code) && v.Severity >= Severity.Warning);
            if (Failure is not null) step.RequestStop($"{Failure.Code} at a held rate of {step.LearningRate:G3}");
        }
    }
}
