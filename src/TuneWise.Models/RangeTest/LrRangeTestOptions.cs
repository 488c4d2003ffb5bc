using TuneWise.Core.Experiments;

namespace TuneWise.Models.RangeTest;

/// <summary>How the learning rate grows during a range test.</summary>
public enum LrSweepMode
{
    /// <summary>Geometric steps from start to end (the default; Smith, fastai).</summary>
    Exponential,
    /// <summary>Equal steps from start to end.</summary>
    Linear,
}

/// <summary>Settings of a learning-rate range test, with the defaults of fastai and Smith.</summary>
public sealed record LrRangeTestOptions
{
    /// <summary>First learning rate. Default 1e-7.</summary>
    public double Start { get; init; } = 1e-7;
    /// <summary>Last learning rate. Default 10.</summary>
    public double End { get; init; } = 10;
    /// <summary>
    /// Steps of the sweep (at least 10). Default null: 100 steps (fastai), capped at one epoch of
    /// the training data so the test never costs more than an epoch.
    /// </summary>
    public int? Steps { get; init; }

    /// <summary>The default number of steps when <see cref="Steps"/> is not set.</summary>
    public const int DefaultSteps = 100;
    /// <summary>Exponential or linear sweep. Default exponential.</summary>
    public LrSweepMode Mode { get; init; } = LrSweepMode.Exponential;
    /// <summary>β of the debiased EMA of the loss. Default 0.98 (fastai).</summary>
    public double SmoothingBeta { get; init; } = 0.98;
    /// <summary>Stop when the smoothed loss exceeds this multiple of the best. Default 4 (fastai).</summary>
    public double DivergenceFactor { get; init; } = 4;
    /// <summary>Measure the loss on validation data after every step, as Smith does, instead of on the training batch.</summary>
    public bool UseValidationLoss { get; init; }
    /// <summary>Validation samples used per step when <see cref="UseValidationLoss"/> is on. Default 512.</summary>
    public int ValidationSamples { get; init; } = 512;

    /// <summary>Options from an experiment's <c>search.lrRangeTest</c> section.</summary>
    public static LrRangeTestOptions From(LrRangeTestSection section) => new()
    {
        Start = section.Start,
        End = section.End,
        Steps = section.Steps,
        Mode = section.Mode == "linear" ? LrSweepMode.Linear : LrSweepMode.Exponential,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (!(Start > 0) || !double.IsFinite(Start)) throw new TuneWise.Core.UserInputException($"lrRangeTest.start must be > 0, got {Start}");
        if (!(End > Start) || !double.IsFinite(End)) throw new TuneWise.Core.UserInputException($"lrRangeTest.end must be > start ({Start}), got {End}");
        if (Steps is < 10) throw new TuneWise.Core.UserInputException($"lrRangeTest.steps must be >= 10, got {Steps}");
        if (SmoothingBeta is < 0 or >= 1) throw new TuneWise.Core.UserInputException($"smoothing beta must be in [0, 1), got {SmoothingBeta}");
        if (!(DivergenceFactor > 1)) throw new TuneWise.Core.UserInputException($"divergence factor must be > 1, got {DivergenceFactor}");
        if (ValidationSamples < 1) throw new TuneWise.Core.UserInputException($"validation samples must be >= 1, got {ValidationSamples}");
    }

    /// <summary>Steps the sweep takes on data with <paramref name="stepsPerEpoch"/> batches per epoch.</summary>
    public int StepsFor(int stepsPerEpoch) => Steps ?? Math.Max(10, Math.Min(DefaultSteps, stepsPerEpoch));

    /// <summary>The learning rate of step <paramref name="step"/> (0-based) of a sweep of <paramref name="steps"/> steps.</summary>
    public double LearningRateAt(int step, int steps)
    {
        double t = steps == 1 ? 0 : (double)step / (steps - 1);
        return Mode == LrSweepMode.Linear ? Start + (End - Start) * t : Start * Math.Pow(End / Start, t);
    }
}
