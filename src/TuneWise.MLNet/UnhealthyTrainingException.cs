using TuneWise.Core.Health;

namespace TuneWise.MLNet;

/// <summary>Training stopped on a fatal health finding (or a fatal preflight finding); the message is the diagnosis with the fixes to try.</summary>
public sealed class UnhealthyTrainingException : InvalidOperationException
{
    /// <summary>Creates the exception from the verdicts.</summary>
    public UnhealthyTrainingException(IReadOnlyList<HealthVerdict> verdicts)
        : base(Describe(verdicts)) => Verdicts = verdicts;

    /// <summary>Every verdict of the run, fatal and not.</summary>
    public IReadOnlyList<HealthVerdict> Verdicts { get; }

    private static string Describe(IReadOnlyList<HealthVerdict> verdicts) =>
        string.Join(Environment.NewLine, verdicts.Where(v => v.Severity == Severity.Fatal).Select(v =>
            $"{v.Code}: {v.Message}" + (v.Fixes.Count > 0 ? " Try: " + string.Join("; ", v.Fixes) : "")));
}
