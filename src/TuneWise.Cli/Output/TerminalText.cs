using System.Text;

namespace TuneWise.Cli.Output;

/// <summary>
/// Makes text that came from a file safe to print: control characters (escape sequences, carriage
/// returns, line breaks) become visible escapes, so an experiment name or a CSV cell can neither
/// drive the terminal nor forge an output line.
/// </summary>
internal static class TerminalText
{
    /// <summary>Text for a Spectre markup line: control characters made visible, then markup escaped.</summary>
    public static string Markup(string? text) => Spectre.Console.Markup.Escape(Safe(text));

    public static string Safe(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        if (!text.Any(char.IsControl)) return text;
        var b = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (!char.IsControl(c)) b.Append(c);
            else b.Append(c switch { '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", _ => $"\\u{(int)c:x4}" });
        }
        return b.ToString();
    }
}
