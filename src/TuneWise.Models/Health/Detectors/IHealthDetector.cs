using TuneWise.Core.Health;

namespace TuneWise.Models.Health.Detectors;

/// <summary>Judges one kind of problem from the health history. One class per verdict code.</summary>
public interface IHealthDetector
{
    /// <summary>The verdict code this detector emits.</summary>
    string Code { get; }

    /// <summary>Returns a verdict when the problem is present now, else null.</summary>
    HealthVerdict? Inspect(HealthContext context);
}
