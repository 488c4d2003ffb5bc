namespace TuneWise.Search.Tuning;

/// <summary>A tuning job stopped before its sweep for a reason in the user's hands (a fatal preflight finding, a model that cannot train).</summary>
public sealed class TuningStoppedException(string message) : Exception(message);
