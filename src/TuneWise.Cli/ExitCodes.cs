namespace TuneWise.Cli;

/// <summary>The exit codes every tunewise command uses.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;
    /// <summary>Something failed that is not the user's input.</summary>
    public const int Failure = 1;
    /// <summary>The input (arguments, experiment file, data) is wrong.</summary>
    public const int BadInput = 2;
}
