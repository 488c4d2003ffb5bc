namespace TuneWise.Search.Studies;

/// <summary>
/// A study stopped because its last trials all failed: whatever fails them (a batch larger than
/// the data, a parameter the trainer does not know) would fail every replacement too.
/// </summary>
/// <param name="failures">How many trials failed in a row.</param>
/// <param name="lastTrial">The number of the last failed trial.</param>
/// <param name="lastError">What the last failed trial reported.</param>
public sealed class StudyFailingException(int failures, int lastTrial, string lastError)
    : Exception($"{failures} trials failed in a row, so the study stopped; the last one (trial {lastTrial}) failed with: {lastError}")
{
    /// <summary>How many trials failed in a row.</summary>
    public int Failures { get; } = failures;

    /// <summary>The number of the last failed trial.</summary>
    public int LastTrial { get; } = lastTrial;

    /// <summary>What the last failed trial reported.</summary>
    public string LastError { get; } = lastError;
}
