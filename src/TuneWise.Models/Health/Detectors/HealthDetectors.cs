namespace TuneWise.Models.Health.Detectors;

/// <summary>The standard detector set.</summary>
public static class HealthDetectors
{
    /// <summary>One detector per training-time verdict code.</summary>
    public static IReadOnlyList<IHealthDetector> All() =>
    [
        new NonFiniteDetector(), new ExplodingGradientDetector(), new VanishingGradientDetector(), new DeadReluDetector(),
        new SaturatedActivationDetector(), new StalledWeightsDetector(), new OversizedUpdatesDetector(), new ClipSaturationDetector(),
        new DivergingLossDetector(), new OscillatingLossDetector(), new PlateauDetector(), new OverfittingDetector(),
        new RegularizationDominantDetector(), new RegularizationNegligibleDetector(),
    ];
}
