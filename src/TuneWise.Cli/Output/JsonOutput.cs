using System.Text.Json;
using System.Text.Json.Serialization;

namespace TuneWise.Cli.Output;

/// <summary>JSON written by <c>--json</c>: camelCase, enums as strings, NaN and infinities allowed.</summary>
internal static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Writes JSON straight to the console's writer: Spectre would wrap long lines at the terminal width.</summary>
    public static void Write<T>(Spectre.Console.IAnsiConsole console, T value)
    {
        console.Profile.Out.Writer.WriteLine(Serialize(value));
        console.Profile.Out.Writer.Flush();
    }
}
