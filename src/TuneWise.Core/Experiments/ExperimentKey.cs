using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TuneWise.Core.Experiments;

/// <summary>
/// Decides whether a stored study belongs to an experiment: a SHA-256 over the experiment's
/// canonical JSON without the fields that may change while a study goes on.
/// </summary>
/// <remarks>
/// A user resumes a study with a larger budget, more workers, another report path or the study
/// moved to another file or database: none of these change which configurations are being
/// compared, so they are left out. Everything else (data, model, training, health, the space, the
/// sampler, the pruners, the objective, the seed) is in, so a study is never mixed with trials of
/// another experiment.
/// </remarks>
public static class ExperimentKey
{
    /// <summary>The key of <paramref name="experiment"/>.</summary>
    public static string Of(Experiment experiment) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(experiment).ToJsonString())));

    /// <summary>
    /// Where two experiments differ in what their key covers, as JSON paths with both values
    /// (at most three), e.g. <c>training.batchSize: 64 in the study, 32 now</c>; empty when they
    /// have the same key.
    /// </summary>
    /// <param name="stored">The experiment stored with the study.</param>
    /// <param name="experiment">The experiment now.</param>
    public static IReadOnlyList<string> Differences(Experiment stored, Experiment experiment)
    {
        var found = new List<string>();
        Compare(Canonical(stored), Canonical(experiment), "", found);
        return found.Take(3).ToList();
    }

    // The file form is canonical (properties in declaration order, defaults written out), with the
    // fields a study may change left out and every number written by its value: 1e-4 and 0.0001 in
    // a search space are the same experiment.
    private static JsonNode Canonical(Experiment experiment)
    {
        var stable = experiment with
        {
            Search = experiment.Search with { Budget = new BudgetSection(), Workers = 1 },
            Storage = new StorageSection(),
            Report = new ReportSection(),
        };
        return Numbers(JsonNode.Parse(JsonSerializer.Serialize(stable, ExperimentLoader.JsonOptions))!)!;
    }

    private static JsonNode? Numbers(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, Numbers(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(Numbers).ToArray()),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => JsonValue.Create(double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture)),
        _ => node?.DeepClone(),
    };

    // Values as a person reads them in a message: "Vector<Single, 3>; 60 + 100 rows", not \u003C escapes.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static void Compare(JsonNode? a, JsonNode? b, string path, List<string> found)
    {
        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var key in oa.Select(kv => kv.Key).Union(ob.Select(kv => kv.Key)))
                Compare(oa[key], ob[key], path.Length == 0 ? key : $"{path}.{key}", found);
            return;
        }
        if (!JsonNode.DeepEquals(a, b))
            found.Add($"{(path.Length == 0 ? "$" : path)}: {a?.ToJsonString(Readable) ?? "absent"} in the study, {b?.ToJsonString(Readable) ?? "absent"} now");
    }
}

/// <summary>The message of a study that belongs to another experiment, naming what differs.</summary>
public static class StudyMismatch
{
    /// <summary>
    /// Null when <paramref name="storedJson"/> and <paramref name="experimentJson"/> are the same
    /// experiment (their keys may still differ, e.g. a key computed by an older version), else the
    /// sentence that says where <paramref name="where"/> holds another experiment and which fields differ.
    /// </summary>
    public static string? Describe(string where, string studyName, string storedJson, string experimentJson, string experimentKey, string fix)
    {
        var stored = Read(storedJson);
        // A key written by an older version: the stored experiment under today's key decides.
        if (stored is not null && ExperimentKey.Of(stored) == experimentKey) return null;
        var now = Read(experimentJson);
        var differences = stored is null ? ["the study's stored experiment cannot be read by this version"]
            : now is null ? ["the experiment cannot be read"]
            : ExperimentKey.Differences(stored, now);
        return $"{where} holds study '{studyName}' of a different experiment" +
            (differences.Count > 0 ? $": {string.Join("; ", differences)}" : " (its data, model, training, health or search space differ)") + $"; {fix}";
    }

    private static Experiment? Read(string experimentJson)
    {
        try
        {
            return ExperimentLoader.Parse(experimentJson, "study");
        }
        catch (Exception e) when (e is InvalidExperimentException or JsonException)
        {
            return null;
        }
    }
}
