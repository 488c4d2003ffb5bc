using System.Text.RegularExpressions;

namespace TuneWise.Cli;

/// <summary>
/// Rewrites System.CommandLine's parse errors in the user's terms: "--workers must be a whole
/// number, got 'abc'" instead of "… as expected type 'System.Nullable`1[System.Int32]'".
/// </summary>
internal static partial class ParseErrors
{
    /// <summary>The message with .NET type names replaced by what the user must type.</summary>
    public static string InUserTerms(string message)
    {
        var match = CannotParse().Match(message);
        if (match.Success)
            return $"{match.Groups["where"].Value} must be {Expected(match.Groups["type"].Value)}, got '{match.Groups["value"].Value}'";
        return TypeName().Replace(message, m => Expected(m.Groups["type"].Value));
    }

    // What a value of a .NET type looks like to someone typing it.
    private static string Expected(string type)
    {
        string inner = NullableOf().Match(type) is { Success: true } n ? n.Groups["inner"].Value : type;
        return inner switch
        {
            "System.Int32" or "System.Int64" => "a whole number",
            "System.Double" or "System.Single" => "a number",
            "System.Boolean" => "true or false",
            "System.IO.FileInfo" => "a file path",
            "System.IO.DirectoryInfo" => "a folder path",
            _ => "a value of the right kind",
        };
    }

    [GeneratedRegex(@"Cannot parse argument '(?<value>.*)' for (?:option|argument) '(?<where>[^']*)' as expected type '(?<type>[^']*)'\.?")]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"'?(?<type>System\.[A-Za-z0-9_.`\[\]]+)'?")]
    private static partial Regex TypeName();

    [GeneratedRegex(@"^System\.Nullable`1\[(?<inner>[^\]]+)\]$")]
    private static partial Regex NullableOf();
}
