namespace TuneWise.Models.Runtime;

/// <summary>
/// Thrown when TorchSharp's native library cannot be loaded on this machine. The message says why
/// and what to do, in place of TorchSharp's own message, which blames a missing package reference
/// even when the real cause is an old C++ runtime.
/// </summary>
public sealed class TorchRuntimeUnavailableException : Exception
{
    /// <summary>Creates the exception with a message for the user.</summary>
    public TorchRuntimeUnavailableException(string message, Exception? inner = null) : base(message, inner) { }
}
