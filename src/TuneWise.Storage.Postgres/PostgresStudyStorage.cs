using Npgsql;
using TuneWise.Core.Trials;
using TuneWise.Search.Storage;

namespace TuneWise.Storage.Postgres;

/// <summary>
/// A study in a PostgreSQL database, shared by workers on many machines. The same semantics as
/// the SQLite store: a claim locks the study row, so trial numbers never repeat;
/// every write to a trial is fenced by its state and worker; the schema carries a version.
/// Each call takes a pooled connection, and a lost connection or a restarting server is retried
/// with backoff; a retried <see cref="Finish"/> that had in fact been committed is recognised, so a
/// trial is never recorded twice and a completed one is never lost.
/// </summary>
public sealed class PostgresStudyStorage : IStudyStorage
{
    private const int SchemaVersion = 1;
    // Serialises schema creation across processes: CREATE TABLE IF NOT EXISTS races in PostgreSQL.
    private const long SchemaLock = 0x7475_6e65_7769_7365;
    private readonly NpgsqlDataSource _source;
    private readonly string _where;
    private readonly TimeProvider _clock;
    private long _study = -1;
    private readonly TrialHistory _history = new();

    /// <summary>Connects with <paramref name="connectionString"/> and creates the tables on first use.</summary>
    /// <param name="connectionString">An Npgsql connection string (<c>Host=…;Database=…;Username=…</c>).</param>
    /// <param name="clock">The clock of heartbeats; the system clock when null.</param>
    /// <exception cref="StudyMismatchException">The database holds a newer schema, or cannot be reached.</exception>
    public PostgresStudyStorage(string connectionString, TimeProvider? clock = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _where = $"{builder.Host}:{builder.Port}/{builder.Database}";
        // Statements are not auto-prepared (Max Auto Prepare): prepared, the read of the trials changed
        // since a mark takes a generic plan that cannot see how few rows the mark selects, and scans
        // every report of the study; claims at 1,000 trials went from under 10 ms to 17 ms.
        _source = NpgsqlDataSource.Create(builder);
        _clock = clock ?? TimeProvider.System;
        try
        {
            Retry(() => InTransaction(db =>
            {
                Execute(db, $"SELECT pg_advisory_xact_lock({SchemaLock})");
                Execute(db, """
                    CREATE TABLE IF NOT EXISTS tunewise_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE IF NOT EXISTS tunewise_study (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE, experiment TEXT NOT NULL, experiment_key TEXT NOT NULL, created BIGINT NOT NULL);
                    CREATE TABLE IF NOT EXISTS tunewise_trials (
                        study BIGINT NOT NULL, number INT NOT NULL, state TEXT NOT NULL, params TEXT NOT NULL,
                        value DOUBLE PRECISION, unhealthy BOOLEAN NOT NULL DEFAULT FALSE, retries INT NOT NULL DEFAULT 0,
                        worker TEXT, heartbeat BIGINT, started BIGINT, finished BIGINT,
                        pruner TEXT, prune_reason TEXT, prune_step INT, error TEXT, seed INT,
                        PRIMARY KEY (study, number));
                    CREATE TABLE IF NOT EXISTS tunewise_intermediate (study BIGINT NOT NULL, trial INT NOT NULL, step INT NOT NULL, value DOUBLE PRECISION NOT NULL, PRIMARY KEY (study, trial, step));
                    CREATE TABLE IF NOT EXISTS tunewise_health (study BIGINT NOT NULL, trial INT NOT NULL, verdicts TEXT NOT NULL, series TEXT NOT NULL, PRIMARY KEY (study, trial));
                    CREATE TABLE IF NOT EXISTS tunewise_range_tests (study BIGINT NOT NULL, optimizer TEXT NOT NULL, result TEXT NOT NULL, PRIMARY KEY (study, optimizer));
                    CREATE TABLE IF NOT EXISTS tunewise_attributes (study BIGINT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (study, key));
                    """);
                ChangeTracking(db);
                Execute(db, "INSERT INTO tunewise_meta VALUES ('schema', @v) ON CONFLICT (key) DO NOTHING", ("v", SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                if (int.TryParse(Convert.ToString(Scalar(db, "SELECT value FROM tunewise_meta WHERE key = 'schema'"), System.Globalization.CultureInfo.InvariantCulture), out int found) && found > SchemaVersion)
                    throw new StudyMismatchException($"{_where} holds studies of a newer TuneWise (study schema {found}; this one reads up to {SchemaVersion}); upgrade tunewise");
                return 0;
            }));
        }
        catch (NpgsqlException e)
        {
            _source.Dispose();
            throw new StudyMismatchException($"cannot reach the study database {_where}: {e.Message}");
        }
    }

    /// <summary>
    /// Makes every change to a trial (its row, its reports, its health) stamp the trial's row with the
    /// writing transaction's id, so a reader asks only for the trials changed since its last read (see
    /// <see cref="TrialHistory"/>). Triggers do the stamping, so every writer keeps it. Added to
    /// tables that lack it; a transaction id needs PostgreSQL 13 or later.
    /// </summary>
    private static void ChangeTracking(NpgsqlConnection db) => Execute(db, """
        ALTER TABLE tunewise_trials ADD COLUMN IF NOT EXISTS changed xid8;
        CREATE INDEX IF NOT EXISTS tunewise_trials_changed ON tunewise_trials (study, changed);
        CREATE INDEX IF NOT EXISTS tunewise_trials_state ON tunewise_trials (study, state, number);
        CREATE OR REPLACE FUNCTION tunewise_stamp_trial() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN NEW.changed := pg_current_xact_id(); RETURN NEW; END $$;
        CREATE OR REPLACE FUNCTION tunewise_stamp_parent_trial() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE tunewise_trials SET changed = pg_current_xact_id()
                WHERE study = COALESCE(NEW.study, OLD.study) AND number = COALESCE(NEW.trial, OLD.trial);
                RETURN NULL;
            END $$;
        CREATE OR REPLACE TRIGGER tunewise_trials_changed BEFORE INSERT OR UPDATE ON tunewise_trials
            FOR EACH ROW EXECUTE FUNCTION tunewise_stamp_trial();
        CREATE OR REPLACE TRIGGER tunewise_intermediate_changed AFTER INSERT OR UPDATE OR DELETE ON tunewise_intermediate
            FOR EACH ROW EXECUTE FUNCTION tunewise_stamp_parent_trial();
        CREATE OR REPLACE TRIGGER tunewise_health_changed AFTER INSERT OR UPDATE OR DELETE ON tunewise_health
            FOR EACH ROW EXECUTE FUNCTION tunewise_stamp_parent_trial();
        """);

    /// <inheritdoc />
    public void Open(string studyName, string experimentJson, string experimentKey) => _study = Retry(() => InTransaction(db =>
    {
        Execute(db, "INSERT INTO tunewise_study (name, experiment, experiment_key, created) VALUES (@n, @e, @k, @now) ON CONFLICT (name) DO NOTHING",
            ("n", studyName), ("e", experimentJson), ("k", experimentKey), ("now", Now()));
        using var find = Command(db, "SELECT id, experiment_key, experiment FROM tunewise_study WHERE name = @n", ("n", studyName));
        using var reader = find.ExecuteReader();
        reader.Read();
        if (reader.GetString(1) != experimentKey
            && Core.Experiments.StudyMismatch.Describe(_where, studyName, reader.GetString(2), experimentJson, experimentKey, "use another study name or restore the experiment file") is { } mismatch)
            throw new StudyMismatchException(mismatch);
        return reader.GetInt64(0);
    }));

    /// <inheritdoc />
    public StoredTrial? Claim(string worker, int maxTrials, Func<IReadOnlyList<TrialRecord>, int, IReadOnlyDictionary<string, object>> propose, Func<int, int>? seedFor = null)
    {
        // The proposal is made from a snapshot read without the study row's lock, so the fleet's
        // claims are not serialised behind one worker's sampler (see ClaimRace).
        var snapshot = Retry(() => OneTrip(db =>
        {
            RequireOpen();
            History(db);
            return _history.Claim;
        }));
        int guess = snapshot.NextNumber;
        var proposal = snapshot.ShouldPropose(maxTrials) ? propose(snapshot.History, guess) : null;
        return Retry(() => InTransaction(db =>
        {
            // The study row is the lock every claim takes, held only to hand out a trial given back,
            // or to check the budget and take the next number. One round trip takes the lock and reads
            // what the claim decides on under it: a trial given back, the last number, the uncounted trials.
            using var look = Command(db, "SELECT id FROM tunewise_study WHERE id = @s FOR UPDATE;" +
                "SELECT (SELECT number FROM tunewise_trials WHERE study = @s AND state = 'waiting' ORDER BY number LIMIT 1), " +
                "(SELECT COALESCE(MAX(number), -1) FROM tunewise_trials WHERE study = @s), " +
                $"(SELECT COUNT(*) FROM tunewise_trials WHERE study = @s AND state IN ({StateNames.NotCountedBySql}))", ("s", _study));
            int? waiting;
            int last;
            long uncounted;
            using (var reader = look.ExecuteReader())
            {
                reader.NextResult();
                reader.Read();
                (waiting, last, uncounted) = (reader.IsDBNull(0) ? null : reader.GetInt32(0), reader.GetInt32(1), reader.GetInt64(2));
            }
            if (waiting is { } given)
            {
                Execute(db, "UPDATE tunewise_trials SET state = 'running', worker = @w, heartbeat = @now, started = @now WHERE study = @s AND number = @n",
                    ("w", worker), ("now", Now()), ("s", _study), ("n", given));
                return ReadTrials(db, given).Single();
            }
            // Numbers are dense, so the counted trials are all but the few uncounted ones (see StateNames).
            long counted = last + 1 - uncounted;
            if (counted >= maxTrials) return null;
            int next = last + 1;
            var chosen = proposal is null || next != guess ? propose(Records(db), next) : proposal;
            var parameters = ParameterJson.Write(chosen);
            int? seed = seedFor?.Invoke(next);
            Execute(db, "INSERT INTO tunewise_trials (study, number, state, params, worker, heartbeat, started, seed) VALUES (@s, @n, 'running', @p, @w, @now, @now, @seed)",
                ("s", _study), ("n", next), ("p", parameters), ("w", worker), ("now", Now()), ("seed", seed));
            return new StoredTrial
            {
                Record = new TrialRecord { Number = next, State = TrialState.Running, Parameters = ParameterJson.Read(parameters) },
                Worker = worker,
                Seed = seed,
            };
        }));
    }

    // The fence of every write to a trial: it must be running, and held by the worker when one is named.
    private const string Held = "study = @s AND number = @n AND state = 'running' AND (@w::text IS NULL OR worker = @w::text)";

    /// <inheritdoc />
    public bool Heartbeat(int trial, string worker) =>
        Retry(() => OneTrip(db => Execute(db, $"UPDATE tunewise_trials SET heartbeat = @now WHERE {Held}", ("now", Now()), ("s", _study), ("n", trial), ("w", worker)))) > 0;

    /// <inheritdoc />
    public void Report(int trial, int step, double value, string? worker = null) => Fenced(trial, worker, db => Execute(db,
        $"INSERT INTO tunewise_intermediate (study, trial, step, value) SELECT @s, @n, @step, @v WHERE EXISTS (SELECT 1 FROM tunewise_trials WHERE {Held}) " +
        "ON CONFLICT (study, trial, step) DO UPDATE SET value = EXCLUDED.value", ("s", _study), ("n", trial), ("w", worker), ("step", step), ("v", value)),
        alreadyDone: db => Scalar(db, "SELECT value FROM tunewise_intermediate WHERE study = @s AND trial = @n AND step = @step", ("s", _study), ("n", trial), ("step", step)) is double stored && stored.Equals(value));

    /// <inheritdoc />
    public void SaveHealth(int trial, string verdictsJson, string seriesJson, string? worker = null) => Fenced(trial, worker, db => Execute(db,
        $"INSERT INTO tunewise_health (study, trial, verdicts, series) SELECT @s, @n, @v, @series WHERE EXISTS (SELECT 1 FROM tunewise_trials WHERE {Held}) " +
        "ON CONFLICT (study, trial) DO UPDATE SET verdicts = EXCLUDED.verdicts, series = EXCLUDED.series", ("s", _study), ("n", trial), ("w", worker), ("v", verdictsJson), ("series", seriesJson)),
        alreadyDone: db => Scalar(db, "SELECT verdicts FROM tunewise_health WHERE study = @s AND trial = @n", ("s", _study), ("n", trial)) is string stored && stored == verdictsJson);

    /// <inheritdoc />
    public void Finish(int trial, TrialState state, double? value, bool unhealthy = false, PruneDecision? pruned = null, string? error = null, string? worker = null)
    {
        double? stored = value is { } v && double.IsFinite(v) ? v : null;
        Fenced(trial, worker, db => Execute(db, $"""
            UPDATE tunewise_trials SET state = @state, value = @value, unhealthy = @u, finished = @now, pruner = @pr, prune_reason = @reason, prune_step = @step, error = @err
            WHERE {Held}
            """, ("state", StateNames.Of(state)), ("value", stored), ("u", unhealthy), ("now", Now()), ("pr", pruned?.Pruner), ("reason", pruned?.Reason),
            ("step", pruned?.Step), ("err", error), ("s", _study), ("n", trial), ("w", worker)),
            // A retry after a lost acknowledgement finds its own result already there.
            alreadyDone: db =>
            {
                using var check = Command(db, "SELECT state, value, worker FROM tunewise_trials WHERE study = @s AND number = @n", ("s", _study), ("n", trial));
                using var reader = check.ExecuteReader();
                return reader.Read() && reader.GetString(0) == StateNames.Of(state) && (reader.IsDBNull(1) ? null : (double?)reader.GetDouble(1)) == stored
                    && (worker is null || (!reader.IsDBNull(2) && reader.GetString(2) == worker));
            });
    }

    /// <inheritdoc />
    public int RecoverStale(TimeSpan timeout, int maxRetries) => Retry(() => OneTrip(db =>
    {
        RequireOpen();
        long limit = Now() - (long)timeout.TotalMilliseconds;
        // One batch, so one round trip and one implicit transaction: every worker runs this before each claim.
        using var batch = new NpgsqlBatch(db)
        {
            BatchCommands =
            {
                Statement("UPDATE tunewise_trials SET state = 'waiting', retries = retries + 1, worker = NULL WHERE study = @s AND state = 'running' AND heartbeat < @limit AND retries < @max",
                    ("s", _study), ("limit", limit), ("max", maxRetries)),
                Statement("UPDATE tunewise_trials SET state = 'failed', error = 'worker stopped sending heartbeats; retries exhausted', finished = @now WHERE study = @s AND state = 'running' AND heartbeat < @limit",
                    ("s", _study), ("limit", limit), ("now", Now())),
                Statement("DELETE FROM tunewise_intermediate WHERE study = @s AND trial IN (SELECT number FROM tunewise_trials WHERE study = @s AND state = 'waiting')", ("s", _study)),
            },
        };
        batch.ExecuteNonQuery();
        return batch.BatchCommands[0].RecordsAffected + batch.BatchCommands[1].RecordsAffected;
    }));

    /// <inheritdoc />
    public IReadOnlyList<StoredTrial> Trials(bool withHealthSeries = true) =>
        Retry(() => OneTrip(db => { RequireOpen(); return withHealthSeries ? ReadTrials(db, null) : History(db); }));

    /// <inheritdoc />
    public string? HealthSeries(int trial) => Retry(() => OneTrip(db =>
    {
        RequireOpen();
        using var cmd = Command(db, "SELECT series FROM tunewise_health WHERE study = @s AND trial = @n", ("s", _study), ("n", trial));
        return cmd.ExecuteScalar() as string;
    }));

    /// <inheritdoc />
    public void Release(int trial, string worker) => Retry(() => InTransaction(db =>
    {
        if (Execute(db, "UPDATE tunewise_trials SET state = 'waiting', worker = NULL WHERE study = @s AND number = @n AND worker = @w AND state = 'running'",
                ("s", _study), ("n", trial), ("w", worker)) > 0)
            Execute(db, "DELETE FROM tunewise_intermediate WHERE study = @s AND trial = @n", ("s", _study), ("n", trial));
        return 0;
    }));

    /// <inheritdoc />
    public void SaveAttribute(string key, string json) => Retry(() => OneTrip(db =>
        Execute(db, "INSERT INTO tunewise_attributes (study, key, value) VALUES (@s, @k, @v) ON CONFLICT (study, key) DO UPDATE SET value = EXCLUDED.value",
            ("s", _study), ("k", key), ("v", json))));

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Attributes() => Pairs("SELECT key, value FROM tunewise_attributes WHERE study = @s");

    /// <inheritdoc />
    public void SaveRangeTest(string optimizer, string resultJson) => Retry(() => OneTrip(db =>
        Execute(db, "INSERT INTO tunewise_range_tests (study, optimizer, result) VALUES (@s, @o, @r) ON CONFLICT (study, optimizer) DO NOTHING",
            ("s", _study), ("o", optimizer), ("r", resultJson))));

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> RangeTests() => Pairs("SELECT optimizer, result FROM tunewise_range_tests WHERE study = @s");

    /// <inheritdoc />
    public void Dispose() => _source.Dispose();

    private IReadOnlyDictionary<string, string> Pairs(string sql) => Retry(() => OneTrip(db =>
    {
        RequireOpen();
        using var cmd = Command(db, sql, ("s", _study));
        using var reader = cmd.ExecuteReader();
        var result = new Dictionary<string, string>();
        while (reader.Read()) result[reader.GetString(0)] = reader.GetString(1);
        return (IReadOnlyDictionary<string, string>)result;
    }));

    private void Fenced(int trial, string? worker, Func<NpgsqlConnection, int> write, Func<NpgsqlConnection, bool> alreadyDone)
    {
        bool retried = false;
        bool done = Retry(() => OneTrip(db =>
        {
            RequireOpen();
            return write(db) > 0 || (retried && alreadyDone(db));
        }), onRetry: () => retried = true);
        if (!done) throw new TrialLostException(trial, worker);
    }

    // The trials without their health series: those changed since the last read, merged into the rest.
    // The mark is taken before the read: a transaction still running then has an id at or above it,
    // so what it commits later is read next time (see TrialHistory).
    private IReadOnlyList<StoredTrial> History(NpgsqlConnection db)
    {
        long mark = 0;
        var changed = ReadTrials(db, null, withHealthSeries: false, changedSince: _history.Since,
            mark: reader => { reader.Read(); mark = long.Parse(reader.GetString(0), System.Globalization.CultureInfo.InvariantCulture); });
        return _history.Apply(changed, mark);
    }

    private IReadOnlyList<TrialRecord> Records(NpgsqlConnection db)
    {
        History(db);
        return _history.Records;
    }

    // One round trip: the statements go as one batch and their results are read in turn.
    private List<StoredTrial> ReadTrials(NpgsqlConnection db, int? only, bool withHealthSeries = true, long? changedSince = null, Action<NpgsqlDataReader>? mark = null)
    {
        string changed = changedSince is null ? "" : " AND changed >= @since::text::xid8";
        string filter = only is null ? changed : " AND number = @n";
        string byTrial = only is null
            ? changedSince is null ? "" : $" AND trial IN (SELECT number FROM tunewise_trials WHERE study = @s{changed})"
            : " AND trial = @n";
        (string, object?)[] parameters = [("s", _study), ("n", only), ("since", changedSince?.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        // The mark comes first: taken before the rows are read (see History).
        using var batch = Command(db, (mark is null ? "" : "SELECT pg_snapshot_xmin(pg_current_snapshot())::text;") +
            $"SELECT trial, step, value FROM tunewise_intermediate WHERE study = @s{byTrial};" +
            $"SELECT trial, verdicts, {(withHealthSeries ? "series" : "NULL")} FROM tunewise_health WHERE study = @s{byTrial};" +
            $"SELECT {StoredTrialRows.Columns} FROM tunewise_trials WHERE study = @s{filter}{(changedSince is null ? " ORDER BY number" : "")}", parameters);
        using var reader = batch.ExecuteReader();
        if (mark is not null)
        {
            mark(reader);
            reader.NextResult();
        }
        var intermediate = StoredTrialRows.Intermediate(reader);
        reader.NextResult();
        var health = StoredTrialRows.Health(reader);
        reader.NextResult();
        return StoredTrialRows.Trials(reader, intermediate, health);
    }

    // A store that was never opened would write to study −1 and read nothing: refuse instead.
    private void RequireOpen()
    {
        if (_study < 0) throw new InvalidOperationException("the study storage was not opened: call Open(studyName, experimentJson, experimentKey) first");
    }

    private T InTransaction<T>(Func<NpgsqlConnection, T> work)
    {
        using var connection = _source.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var result = work(connection);
        transaction.Commit();
        return result;
    }

    // One statement, or one batch of them, needs no transaction of its own: PostgreSQL runs a batch
    // as one implicit transaction. Skipping BEGIN/COMMIT saves a round trip on every heartbeat,
    // report and read, which is most of a fleet's traffic.
    private T OneTrip<T>(Func<NpgsqlConnection, T> work)
    {
        using var connection = _source.OpenConnection();
        return work(connection);
    }

    /// <summary>
    /// Runs <paramref name="operation"/>, again after a lost connection or a restarting server: eight
    /// tries over about half a minute, with growing pauses. Other errors (and a study mismatch) are not retried.
    /// </summary>
    private static T Retry<T>(Func<T> operation, Action? onRetry = null)
    {
        var pause = TimeSpan.FromMilliseconds(100);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return operation();
            }
            catch (Exception e) when (attempt < 8 && IsTransient(e))
            {
                onRetry?.Invoke();
                Thread.Sleep(pause);
                pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 8000));
            }
        }
    }

    private static bool IsTransient(Exception e) => e switch
    {
        PostgresException p => p.SqlState is "57P01" or "57P02" or "57P03" or "40001" or "40P01" || p.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException n => n.IsTransient || n.InnerException is IOException or System.Net.Sockets.SocketException,
        _ => false,
    };

    private long Now() => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    private static int Execute(NpgsqlConnection db, string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = Command(db, sql, parameters);
        return cmd.ExecuteNonQuery();
    }

    private static object? Scalar(NpgsqlConnection db, string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = Command(db, sql, parameters);
        var result = cmd.ExecuteScalar();
        return result is DBNull ? null : result;
    }

    private static NpgsqlBatchCommand Statement(string sql, params (string Name, object? Value)[] parameters)
    {
        var statement = new NpgsqlBatchCommand(sql);
        Bind(statement.Parameters, parameters);
        return statement;
    }

    private static NpgsqlCommand Command(NpgsqlConnection db, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = new NpgsqlCommand(sql, db);
        Bind(cmd.Parameters, parameters);
        return cmd;
    }

    // A null value is SQL's NULL: one home for how a statement and a command take their parameters.
    private static void Bind(NpgsqlParameterCollection into, (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters) into.AddWithValue(name, value ?? DBNull.Value);
    }
}
