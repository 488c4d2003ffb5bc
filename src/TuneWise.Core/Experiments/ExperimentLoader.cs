using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace TuneWise.Core.Experiments;

/// <summary>Reads experiment files and reports problems by JSON path.</summary>
public static partial class ExperimentLoader
{
    /// <summary>The JSON settings of experiment files: camelCase, comments and trailing commas allowed, unknown fields rejected.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    /// <summary>Reads and validates an experiment file.</summary>
    /// <exception cref="InvalidExperimentException">The file is missing, not JSON, or has invalid values.</exception>
    public static Experiment Load(string file)
    {
        if (Directory.Exists(file))
            throw new InvalidExperimentException(file, [new ExperimentError("$", "is a folder, not an experiment file")]);
        if (!File.Exists(file))
            throw new InvalidExperimentException(file, [new ExperimentError("$", "file not found")]);
        var directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        string text;
        try
        {
            text = Files.BoundedFile.ReadText(file, MaxFileBytes, "");
        }
        catch (Files.FileTooLargeException)
        {
            throw new InvalidExperimentException(file, [new ExperimentError("$", $"is larger than {Files.BoundedFile.Describe(MaxFileBytes)}; an experiment file is a few hundred bytes of JSON")]);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new InvalidExperimentException(file, [new ExperimentError("$", "cannot be read: " + (e is UnauthorizedAccessException ? "permission denied" : e.Message))]);
        }
        return Parse(text, file, directory);
    }

    /// <summary>The largest experiment file read.</summary>
    public const long MaxFileBytes = 1 << 20;

    /// <summary>Parses and validates experiment JSON; <paramref name="source"/> names it in errors.</summary>
    public static Experiment Parse(string json, string source = "experiment", string? baseDirectory = null)
    {
        var shape = ExperimentShape.Check(json);
        if (shape.Count > 0) throw new InvalidExperimentException(source, shape);
        Experiment? experiment;
        try
        {
            experiment = JsonSerializer.Deserialize<Experiment>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidExperimentException(source, [Describe(e)]);
        }
        if (experiment is null)
            throw new InvalidExperimentException(source, [new ExperimentError("$", "must be a JSON object, got null")]);
        experiment = experiment with { BaseDirectory = baseDirectory ?? Environment.CurrentDirectory };
        var errors = ExperimentValidator.Validate(experiment);
        if (errors.Count > 0) throw new InvalidExperimentException(source, errors);
        return experiment;
    }

    /// <summary>The name an experiment file uses for an enum value (e.g. <c>adamw</c> for <see cref="OptimizerKind.AdamW"/>).</summary>
    public static string NameOf<T>(T value) where T : struct, Enum => JsonSerializer.Serialize(value, JsonOptions).Trim('"');

    /// <summary>Writes an experiment as JSON in the file format.</summary>
    public static string ToJson(Experiment experiment) => JsonSerializer.Serialize(experiment, JsonOptions);

    private static ExperimentError Describe(JsonException e)
    {
        var path = DottedPath(e.Path);
        var where = e.LineNumber is { } line ? $" (line {line + 1})" : "";
        var message = e.Message;
        var unknown = UnknownMember().Match(message);
        if (unknown.Success)
            return new ExperimentError(Join(path, unknown.Groups[1].Value), $"is not a known field{where}");
        var conversion = Conversion().Match(message);
        if (conversion.Success)
            return new ExperimentError(path, $"must be {Expected(conversion.Groups[1].Value)}{where}");
        // Syntax errors: keep the parser's description, without its own location suffix.
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return new ExperimentError(path, "is not valid JSON: " + (cut > 0 ? message[..cut] : message) + where);
    }

    private static string Join(string parent, string child) => parent == "$" ? child : parent + "." + child;

    private static string DottedPath(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$") return "$";
        return jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
    }

    private static string Expected(string typeName)
    {
        var enumType = typeof(Experiment).Assembly.GetType(typeName);
        if (enumType is { IsEnum: true })
        {
            var names = enumType.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
                .Select(f => f.GetCustomAttributes(typeof(JsonStringEnumMemberNameAttribute), false)
                    .OfType<JsonStringEnumMemberNameAttribute>().FirstOrDefault()?.Name ?? f.Name);
            return "one of " + string.Join(", ", names);
        }
        return typeName switch
        {
            "System.Int32" or "System.Nullable`1[System.Int32]" => "a whole number",
            "System.Double" or "System.Nullable`1[System.Double]" => "a number",
            "System.Boolean" => "true or false",
            "System.String" => "a string",
            _ when typeName.Contains("IReadOnlyList", StringComparison.Ordinal) => "a list",
            _ => "an object",
        };
    }

    [GeneratedRegex(@"The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnknownMember();

    [GeneratedRegex(@"could not be converted to ([^\s.]+(?:\.[^\s.]+)*?)\. Path")]
    private static partial Regex Conversion();
}
