namespace TuneWise.Core;

/// <summary>
/// Bad input from the user — a command-line argument, an output path, a setting that does not fit
/// the data — as opposed to a bug. The command line prints its message as one line and exits with 2;
/// any other exception is a failure of TuneWise itself (exit 1).
/// </summary>
/// <param name="message">What is wrong and where, e.g. <c>--plot x.gif: a chart is written as .svg or .png</c>.</param>
public sealed class UserInputException(string message) : Exception(message);
