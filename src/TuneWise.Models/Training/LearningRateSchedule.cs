using TuneWise.Core.Experiments;

namespace TuneWise.Models.Training;

/// <summary>The learning rate for each step of a run.</summary>
public static class LearningRateSchedule
{
    /// <summary>
    /// Learning rate at <paramref name="step"/> (0-based) of <paramref name="totalSteps"/>, for a
    /// peak rate of <c>t.LearningRate</c>.
    /// </summary>
    /// <remarks>
    /// onecycle follows Smith &amp; Topin 2018 with PyTorch's OneCycleLR defaults: 30 % cosine
    /// warm-up from peak/25, then cosine annealing to peak/(25·10⁴).
    /// </remarks>
    public static double At(TrainingSection t, int step, int stepsPerEpoch, int totalSteps)
    {
        double peak = t.LearningRate;
        double progress = totalSteps <= 1 ? 0 : (double)step / (totalSteps - 1);
        switch (t.Schedule)
        {
            case ScheduleKind.Step:
                return peak * Math.Pow(t.StepGamma, step / stepsPerEpoch / t.StepEpochs);
            case ScheduleKind.Cosine:
                return peak * 0.5 * (1 + Math.Cos(Math.PI * progress));
            case ScheduleKind.OneCycle:
            {
                const double warmShare = 0.3, divFactor = 25, finalDiv = 1e4;
                double start = peak / divFactor, end = start / finalDiv;
                if (progress < warmShare) return Anneal(start, peak, progress / warmShare);
                return Anneal(peak, end, (progress - warmShare) / (1 - warmShare));
            }
            default:
                return peak;
        }
    }

    private static double Anneal(double from, double to, double fraction) =>
        to + (from - to) * 0.5 * (1 + Math.Cos(Math.PI * fraction));
}
