namespace TuneWise.Models.RangeTest;

/// <summary>Thrown when a range test shows that the model cannot train at any rate tried.</summary>
public sealed class RangeTestFailedException : Exception
{
    /// <summary>Creates the exception with a message for the user.</summary>
    public RangeTestFailedException(string message) : base(message) { }
}
