using System.Data.Common;
using TuneWise.Core.Trials;

namespace TuneWise.Search.Storage;

/// <summary>
/// How the database stores turn their rows into <see cref="StoredTrial"/>s: one column list and one
/// mapping for SQLite and PostgreSQL, whose tables have the same columns.
/// </summary>
internal static class StoredTrialRows
{
    /// <summary>The columns of a trial row, in the order <see cref="Trial"/> reads them.</summary>
    public const string Columns = "number, state, params, value, unhealthy, retries, worker, started, finished, pruner, prune_reason, prune_step, error, seed, heartbeat";

    /// <summary>Intermediate values by trial and step, from rows of (trial, step, value).</summary>
    public static Dictionary<int, Dictionary<int, double>> Intermediate(DbDataReader reader)
    {
        var result = new Dictionary<int, Dictionary<int, double>>();
        while (reader.Read())
        {
            int trial = reader.GetInt32(0);
            if (!result.TryGetValue(trial, out var steps)) result[trial] = steps = [];
            steps[reader.GetInt32(1)] = reader.GetDouble(2);
        }
        return result;
    }

    /// <summary>Health verdicts and series by trial, from rows of (trial, verdicts, series).</summary>
    public static Dictionary<int, (string Verdicts, string? Series)> Health(DbDataReader reader)
    {
        var result = new Dictionary<int, (string, string?)>();
        while (reader.Read()) result[reader.GetInt32(0)] = (reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        return result;
    }

    /// <summary>Every trial row of <paramref name="reader"/> (selected as <see cref="Columns"/>), with its intermediate values and health when given.</summary>
    public static List<StoredTrial> Trials(DbDataReader reader, Dictionary<int, Dictionary<int, double>>? intermediate = null,
        Dictionary<int, (string Verdicts, string? Series)>? health = null)
    {
        var trials = new List<StoredTrial>();
        while (reader.Read()) trials.Add(Trial(reader, intermediate, health));
        return trials;
    }

    // SQLite keeps `unhealthy` as an integer and PostgreSQL as a boolean; GetBoolean reads both.
    private static StoredTrial Trial(DbDataReader reader, Dictionary<int, Dictionary<int, double>>? intermediate,
        Dictionary<int, (string Verdicts, string? Series)>? health)
    {
        int number = reader.GetInt32(0);
        bool unhealthy = reader.GetBoolean(4);
        var stored = health is not null && health.TryGetValue(number, out var h) ? h : ((string?)null, (string?)null);
        return new StoredTrial
        {
            Record = new TrialRecord
            {
                Number = number,
                State = StateNames.Parse(reader.GetString(1)),
                Parameters = ParameterJson.Read(reader.GetString(2)),
                Value = reader.IsDBNull(3) ? null : reader.GetDouble(3),
                Unhealthy = unhealthy,
            },
            Retries = reader.GetInt32(5),
            Worker = reader.IsDBNull(6) ? null : reader.GetString(6),
            Seconds = reader.IsDBNull(7) || reader.IsDBNull(8) ? null : (reader.GetInt64(8) - reader.GetInt64(7)) / 1000.0,
            Started = reader.IsDBNull(7) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
            Pruned = reader.IsDBNull(9) ? null : new PruneDecision(reader.GetString(9), reader.GetString(10), reader.GetInt32(11), unhealthy),
            Error = reader.IsDBNull(12) ? null : reader.GetString(12),
            Intermediate = intermediate?.GetValueOrDefault(number) ?? new Dictionary<int, double>(),
            Seed = reader.IsDBNull(13) ? null : reader.GetInt32(13),
            HealthVerdicts = stored.Item1,
            HealthSeries = stored.Item2,
            LastHeartbeat = reader.IsDBNull(14) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(14)),
        };
    }
}
