namespace TuneWise.Core.Experiments;

/// <summary>
/// Upper bounds on values that are valid numbers but would run for days or fill memory when
/// mistyped (250,000,001 epochs overflowed a buffer; 10⁸ range-test steps ran for ever at 0 %).
/// Checked with the rest of the experiment, before anything runs.
/// </summary>
public static class Limits
{
    /// <summary>The most epochs one training run may ask for: 100,000.</summary>
    public const int MaxEpochs = 100_000;

    /// <summary>The most steps a learning-rate range test may take: 100,000 (it needs about 100).</summary>
    public const int MaxRangeTestSteps = 100_000;

    /// <summary>The widest random-crop padding, in pixels: 16 (a 28-pixel image shifted by more is mostly padding).</summary>
    public const int MaxCropPadding = 16;

    /// <summary>The longest side an image is resized to: 1,024 pixels (the data is held in memory).</summary>
    public const int MaxImageSide = 1024;
}
