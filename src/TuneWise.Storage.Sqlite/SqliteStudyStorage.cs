using Microsoft.Data.Sqlite;
using TuneWise.Search.Pruners;
using TuneWise.Core.Trials;
using TuneWise.Search.Storage;

namespace TuneWise.Storage.Sqlite;

/// <summary>
/// A study in one SQLite file. Write-ahead logging, short immediate transactions and a busy
/// timeout let several processes share the file; each state change is its own committed
/// transaction, so a <c>kill -9</c> loses at most a running trial's progress.
/// </summary>
public sealed class SqliteStudyStorage : IStudyStorage
{
    private const int SchemaVersion = 1;
    private SqliteConnection _connection;
    private readonly string _path;
    private readonly TimeProvider _clock;
    private long _study = -1;
    private readonly bool _readOnly;
    private readonly TrialHistory _history = new();
    // Whether the file counts its changes (see ChangeTracking); a study file of an older TuneWise
    // opened read-only does not, and is read whole each time.
    private bool _incremental;
    // One connection per storage; the gate lets a heartbeat timer share it with the trial's thread.
    private readonly Lock _gate = new();

    /// <summary>Opens (or creates) the study file. A file that is not a TuneWise study is refused, never overwritten.</summary>
    /// <exception cref="StudyMismatchException">The file is corrupt or belongs to something else.</exception>
    /// <param name="path">The study file.</param>
    /// <param name="clock">The clock of heartbeats and durations; the system clock when null.</param>
    /// <param name="readOnly">
    /// Only read (what <c>status</c> and <c>report</c> do): the file is opened read-only, never
    /// created, grown or given tables, so a read-only study can be read and a wrong path stays as it was.
    /// </param>
    public SqliteStudyStorage(string path, TimeProvider? clock = null, bool readOnly = false)
    {
        _path = path;
        _clock = clock ?? TimeProvider.System;
        _readOnly = readOnly;
        _connection = Connect(path, readOnly, immutable: false);
        try
        {
            if (readOnly)
            {
                try
                {
                    OpenToRead(path);
                }
                catch (SqliteException e) when (e.SqliteErrorCode is 8 or 10 or 14 && File.Exists(path) && IsRegularFile(path))
                {
                    // A reader of a study in write-ahead mode needs the small "-shm" file beside it; on a
                    // full disk or in a folder it may not write to, it cannot make or grow it. No writer
                    // can be running then (a writer makes that file first), so the file is read as it stands.
                    _connection.Dispose();
                    _connection = Connect(path, readOnly, immutable: true);
                    OpenToRead(path);
                }
                return;
            }
            _connection.Open();
            Execute("PRAGMA busy_timeout = 60000;");
            // Check and create under one write lock: a process that starts at the same moment waits
            // here until the first has created the schema, and never mistakes a half-made file for a
            // foreign one.
            using (var tx = _connection.BeginTransaction(deferred: false))
            {
                var tables = new List<string>();
                using (var list = Command("SELECT name FROM sqlite_master WHERE type = 'table'", tx))
                using (var reader = list.ExecuteReader())
                    while (reader.Read()) tables.Add(reader.GetString(0));
                bool ours = tables.Contains("study") && tables.Contains("trials");
                if (tables.Count > 0 && !ours)
                    throw new StudyMismatchException($"{path} is a SQLite file but not a TuneWise study; choose another storage.path (it was left untouched)");
                using (var create = Command($"""
                    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    INSERT OR IGNORE INTO meta VALUES ('schema', '{SchemaVersion}');
                    CREATE TABLE IF NOT EXISTS study (id INTEGER PRIMARY KEY, name TEXT NOT NULL, experiment TEXT NOT NULL, experiment_key TEXT NOT NULL, created INTEGER NOT NULL);
                    CREATE TABLE IF NOT EXISTS trials (
                        study INTEGER NOT NULL, number INTEGER NOT NULL, state TEXT NOT NULL, params TEXT NOT NULL,
                        value REAL, unhealthy INTEGER NOT NULL DEFAULT 0, retries INTEGER NOT NULL DEFAULT 0,
                        worker TEXT, heartbeat INTEGER, started INTEGER, finished INTEGER,
                        pruner TEXT, prune_reason TEXT, prune_step INTEGER, error TEXT, seed INTEGER,
                        PRIMARY KEY (study, number));
                    CREATE TABLE IF NOT EXISTS intermediate (study INTEGER NOT NULL, trial INTEGER NOT NULL, step INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY (study, trial, step));
                    CREATE TABLE IF NOT EXISTS health (study INTEGER NOT NULL, trial INTEGER NOT NULL, verdicts TEXT NOT NULL, series TEXT NOT NULL, PRIMARY KEY (study, trial));
                    CREATE TABLE IF NOT EXISTS range_tests (study INTEGER NOT NULL, optimizer TEXT NOT NULL, result TEXT NOT NULL, PRIMARY KEY (study, optimizer));
                    CREATE TABLE IF NOT EXISTS attributes (study INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (study, key));
                    """, tx))
                    create.ExecuteNonQuery();
                ChangeTracking(tx);
                // A newer TuneWise may have changed the tables: refuse to write to them rather than corrupt them.
                using (var version = Command("SELECT value FROM meta WHERE key = 'schema'", tx))
                    if (int.TryParse(Convert.ToString(version.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture), out int found) && found > SchemaVersion)
                        throw new StudyMismatchException($"{path} was written by a newer TuneWise (study schema {found}; this one reads up to {SchemaVersion}); upgrade tunewise to open it. It was left untouched.");
                tx.Commit();
            }
            Execute("PRAGMA journal_mode = WAL;");
            Execute("PRAGMA synchronous = NORMAL;");
        }
        catch (SqliteException e)
        {
            _connection.Dispose();
            throw new StudyMismatchException(Describe(path, e, opening: true));
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    private void OpenToRead(string path)
    {
        _connection.Open();
        Execute("PRAGMA busy_timeout = 60000;");
        using var tables = Command("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('study', 'trials')", null);
        if (Convert.ToInt64(tables.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) < 2)
            throw new StudyMismatchException($"{path} holds no TuneWise study (it was left untouched)");
        _incremental = HasColumn(null, "trials", "changed");
    }

    /// <summary>
    /// Makes the file count its changes: the study's <c>version</c> goes up with every change to one of
    /// its trials (its row, its reports, its health), and the trial's <c>changed</c> takes the new value,
    /// so a reader asks only for the trials changed since its last read. Triggers keep the count, so
    /// every writer of the file keeps it, whatever its version. Added to a file that lacks it.
    /// </summary>
    private void ChangeTracking(SqliteTransaction tx)
    {
        if (!HasColumn(tx, "trials", "changed"))
            using (var add = Command("ALTER TABLE trials ADD COLUMN changed INTEGER NOT NULL DEFAULT 0", tx)) add.ExecuteNonQuery();
        if (!HasColumn(tx, "study", "version"))
            using (var add = Command("ALTER TABLE study ADD COLUMN version INTEGER NOT NULL DEFAULT 0", tx)) add.ExecuteNonQuery();
        static string Touch(string row, string trial) => $"""
            UPDATE study SET version = version + 1 WHERE id = {row}.study;
            UPDATE trials SET changed = (SELECT version FROM study WHERE id = {row}.study) WHERE study = {row}.study AND number = {row}.{trial};
            """;
        // Every column but `changed` itself, so the trigger's own update does not fire it again.
        using (var triggers = Command($"""
            CREATE INDEX IF NOT EXISTS trials_changed ON trials (study, changed);
            CREATE INDEX IF NOT EXISTS trials_state ON trials (study, state, number);
            CREATE TRIGGER IF NOT EXISTS trials_inserted AFTER INSERT ON trials BEGIN {Touch("NEW", "number")} END;
            CREATE TRIGGER IF NOT EXISTS trials_updated AFTER UPDATE OF state, params, value, unhealthy, retries, worker, heartbeat, started, finished, pruner, prune_reason, prune_step, error, seed ON trials BEGIN {Touch("NEW", "number")} END;
            CREATE TRIGGER IF NOT EXISTS intermediate_inserted AFTER INSERT ON intermediate BEGIN {Touch("NEW", "trial")} END;
            CREATE TRIGGER IF NOT EXISTS intermediate_updated AFTER UPDATE ON intermediate BEGIN {Touch("NEW", "trial")} END;
            CREATE TRIGGER IF NOT EXISTS intermediate_deleted AFTER DELETE ON intermediate BEGIN {Touch("OLD", "trial")} END;
            CREATE TRIGGER IF NOT EXISTS health_inserted AFTER INSERT ON health BEGIN {Touch("NEW", "trial")} END;
            CREATE TRIGGER IF NOT EXISTS health_updated AFTER UPDATE ON health BEGIN {Touch("NEW", "trial")} END;
            """, tx))
            triggers.ExecuteNonQuery();
        _incremental = true;
    }

    private bool HasColumn(SqliteTransaction? tx, string table, string column)
    {
        using var find = Command($"SELECT count(*) FROM pragma_table_info('{table}') WHERE name = $c", tx, ("$c", column));
        return Convert.ToInt64(find.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static SqliteConnection Connect(string path, bool readOnly, bool immutable) => new(new SqliteConnectionStringBuilder
    {
        // "immutable" is only reachable through a URI file name; the path is escaped into one.
        DataSource = immutable ? new Uri(Path.GetFullPath(path)).AbsoluteUri + "?immutable=1" : path,
        Pooling = false,
        DefaultTimeout = 60,
        Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
    }.ToString());

    // What went wrong, in the user's words: a folder, a file that cannot be written, a full disk and a
    // corrupt file are different problems with different fixes. Only a file that could not be opened
    // may be called corrupt: an error in the middle of a study is the disk's or the folder's.
    private static string Describe(string path, SqliteException e, bool opening) => e.SqliteErrorCode switch
    {
        _ when Directory.Exists(path) => $"{path} is a folder; storage.path names the study file inside it (e.g. {Path.Combine(path, "study.db")})",
        _ when string.IsNullOrWhiteSpace(path) => "storage.path is empty; name a study file",
        13 or 10 when DiskIsFull(path) => $"{path}: the disk is full; free some space and run the same command again (the study was left as it was{(opening ? "" : "; a trial it was running is run again when you resume")})",
        8 => $"{path} cannot be written (read-only file or folder); tunewise status and report read it, tune and worker need to write it",
        14 => $"{path} cannot be opened ({(File.Exists(path) ? "permission denied" : "its folder cannot be written or does not exist")})",
        10 when !File.Exists(path) || new FileInfo(path).Length == 0 && !IsRegularFile(path) => $"{path} is not a file a study can be kept in (a device or a special file)",
        _ when !opening => $"{path} could not be read or written ({e.Message.TrimEnd('.')}); the study was left as it was at its last completed step",
        _ => $"{path} is not a readable TuneWise study file (corrupt or not SQLite): {e.Message}. It was left untouched.",
    };

    // SQLite reports a full disk as "full" on a write and as an I/O error on the files beside the study.
    private static bool DiskIsFull(string path)
    {
        try
        {
            return new DriveInfo(Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/").AvailableFreeSpace < 64 * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }

    private static bool IsRegularFile(string path) => (File.GetAttributes(path) & (FileAttributes.Device | FileAttributes.Directory)) == 0 && !path.StartsWith("/dev/", StringComparison.Ordinal);

    /// <inheritdoc />
    public void Open(string studyName, string experimentJson, string experimentKey)
    {
        Locked(() =>
        {
            // Read-only: a deferred transaction takes no write lock, and a missing study is not made.
            using var tx = _connection.BeginTransaction(deferred: _readOnly);
            using var find = Command("SELECT id, experiment_key, experiment FROM study WHERE name = $name", tx, ("$name", studyName));
            using (var reader = find.ExecuteReader())
            {
                if (reader.Read())
                {
                    if (reader.GetString(1) != experimentKey
                        && Core.Experiments.StudyMismatch.Describe(_path, studyName, reader.GetString(2), experimentJson, experimentKey, "use another storage.path or restore the experiment file") is { } mismatch)
                        throw new StudyMismatchException(mismatch);
                    _study = reader.GetInt64(0);
                    tx.Commit();
                    return;
                }
            }
            if (_readOnly) throw new StudyMismatchException($"{_path} holds no study named '{studyName}' (it was left untouched)");
            using var insert = Command("INSERT INTO study (name, experiment, experiment_key, created) VALUES ($name, $exp, $key, $now) RETURNING id", tx,
                ("$name", studyName), ("$exp", experimentJson), ("$key", experimentKey), ("$now", Now()));
            _study = Convert.ToInt64(insert.ExecuteScalar());
            tx.Commit();
        }, requireOpen: false);
    }

    /// <inheritdoc />
    public StoredTrial? Claim(string worker, int maxTrials, Func<IReadOnlyList<TrialRecord>, int, IReadOnlyDictionary<string, object>> propose, Func<int, int>? seedFor = null)
    {
        // The proposal (a GP's takes ~0.1 s at 1,000 trials) is made from a snapshot read without the
        // write lock, so other workers' claims, heartbeats and reports do not wait behind it.
        var snapshot = Locked(() =>
        {
            using var read = _connection.BeginTransaction(deferred: true);
            var records = Records(read);
            read.Commit();
            return _incremental ? _history.Claim : ClaimRace.Of(records);
        });
        int guess = snapshot.NextNumber;
        var proposal = snapshot.ShouldPropose(maxTrials) ? propose(snapshot.History, guess) : null;
        return Locked(() =>
        {
            // The claim itself is short: hand out a trial given back, or check the budget and take the next number.
            using var tx = _connection.BeginTransaction(deferred: false);
            using (var waiting = Command("SELECT number FROM trials WHERE study = $s AND state = 'waiting' ORDER BY number LIMIT 1", tx, ("$s", _study)))
            {
                if (waiting.ExecuteScalar() is long number)
                {
                    using var run = Command("UPDATE trials SET state = 'running', worker = $w, heartbeat = $now, started = $now WHERE study = $s AND number = $n", tx,
                        ("$w", worker), ("$now", Now()), ("$s", _study), ("$n", number));
                    run.ExecuteNonQuery();
                    tx.Commit();
                    return Trials().First(t => t.Record.Number == number);
                }
            }
            long last, counted;
            using (var count = Command($"""
                SELECT COALESCE((SELECT number FROM trials WHERE study = $s ORDER BY number DESC LIMIT 1), -1),
                       (SELECT COUNT(*) FROM trials WHERE study = $s AND state IN ({StateNames.NotCountedBySql}))
                """, tx, ("$s", _study)))
            using (var reader = count.ExecuteReader())
            {
                reader.Read();
                last = reader.GetInt64(0);
                counted = last + 1 - reader.GetInt64(1);
            }
            if (counted >= maxTrials) { tx.Commit(); return null; }
            int next = (int)last + 1;
            if (proposal is null || next != guess)
                proposal = propose(Records(tx), next);
            var parameters = ParameterJson.Write(proposal);
            int? seed = seedFor?.Invoke(next);
            using (var insert = Command("INSERT INTO trials (study, number, state, params, worker, heartbeat, started, seed) VALUES ($s, $n, 'running', $p, $w, $now, $now, $seed)", tx,
                       ("$s", _study), ("$n", next), ("$p", parameters), ("$w", worker), ("$now", Now()), ("$seed", seed)))
                insert.ExecuteNonQuery();
            tx.Commit();
            return new StoredTrial
            {
                Record = new TrialRecord { Number = next, State = TrialState.Running, Parameters = ParameterJson.Read(parameters) },
                Worker = worker,
                Seed = seed,
            };
        });
    }

    // The fence of every write to a trial: it must be running, and held by the worker when one is named.
    private const string Held = "study = $s AND number = $n AND state = 'running' AND ($w IS NULL OR worker = $w)";

    /// <inheritdoc />
    public bool Heartbeat(int trial, string worker)
    {
        int changed = 0;
        Locked(() => changed = Write($"UPDATE trials SET heartbeat = $now WHERE {Held}", ("$now", Now()), ("$s", _study), ("$n", trial), ("$w", worker)));
        return changed > 0;
    }

    /// <inheritdoc />
    public void Report(int trial, int step, double value, string? worker = null) => Fenced(trial, worker,
        $"INSERT OR REPLACE INTO intermediate (study, trial, step, value) SELECT $s, $n, $step, $v WHERE EXISTS (SELECT 1 FROM trials WHERE {Held})",
        ("$step", step), ("$v", value));

    /// <inheritdoc />
    public void SaveHealth(int trial, string verdictsJson, string seriesJson, string? worker = null) => Fenced(trial, worker,
        $"INSERT OR REPLACE INTO health (study, trial, verdicts, series) SELECT $s, $n, $v, $series WHERE EXISTS (SELECT 1 FROM trials WHERE {Held})",
        ("$v", verdictsJson), ("$series", seriesJson));

    /// <inheritdoc />
    public void Finish(int trial, TrialState state, double? value, bool unhealthy = false, PruneDecision? pruned = null, string? error = null, string? worker = null) =>
        Fenced(trial, worker, $"""
            UPDATE trials SET state = $state, value = $value, unhealthy = $u, finished = $now, pruner = $pr, prune_reason = $reason, prune_step = $step, error = $err
            WHERE {Held}
            """,
            ("$state", StateNames.Of(state)), ("$value", value is { } v && double.IsFinite(v) ? v : null), ("$u", unhealthy ? 1 : 0), ("$now", Now()),
            ("$pr", pruned?.Pruner), ("$reason", pruned?.Reason), ("$step", pruned?.Step), ("$err", error));

    private void Fenced(int trial, string? worker, string sql, params (string, object?)[] parameters)
    {
        int changed = 0;
        Locked(() => changed = Write(sql, [("$s", _study), ("$n", trial), ("$w", worker), .. parameters]));
        if (changed == 0) throw new TrialLostException(trial, worker);
    }

    /// <inheritdoc />
    public int RecoverStale(TimeSpan timeout, int maxRetries)
    {
        return Locked(() =>
        {
            using var tx = _connection.BeginTransaction(deferred: false);
            long limit = Now() - (long)timeout.TotalMilliseconds;
            using var requeue = Command("UPDATE trials SET state = 'waiting', retries = retries + 1, worker = NULL WHERE study = $s AND state = 'running' AND heartbeat < $limit AND retries < $max", tx,
                ("$s", _study), ("$limit", limit), ("$max", maxRetries));
            int count = requeue.ExecuteNonQuery();
            using var fail = Command("UPDATE trials SET state = 'failed', error = 'worker stopped sending heartbeats; retries exhausted', finished = $now WHERE study = $s AND state = 'running' AND heartbeat < $limit", tx,
                ("$s", _study), ("$limit", limit), ("$now", Now()));
            count += fail.ExecuteNonQuery();
            using (var clear = Command("DELETE FROM intermediate WHERE study = $s AND trial IN (SELECT number FROM trials WHERE study = $s AND state = 'waiting')", tx, ("$s", _study)))
                clear.ExecuteNonQuery();
            tx.Commit();
            return count;
        });
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredTrial> Trials(bool withHealthSeries = true)
    {
        return Locked(() =>
        {
            using var tx = _connection.BeginTransaction(deferred: true);
            var trials = withHealthSeries ? ReadTrials(tx) : History(tx);
            tx.Commit();
            return trials;
        });
    }

    /// <inheritdoc />
    public void SaveRangeTest(string optimizer, string resultJson) => Locked(() =>
        Write("INSERT OR IGNORE INTO range_tests (study, optimizer, result) VALUES ($s, $o, $r)", ("$s", _study), ("$o", optimizer), ("$r", resultJson)));

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> RangeTests()
    {
        return Locked(() =>
        {
            using var cmd = Command("SELECT optimizer, result FROM range_tests WHERE study = $s", null, ("$s", _study));
            using var reader = cmd.ExecuteReader();
            var result = new Dictionary<string, string>();
            while (reader.Read()) result[reader.GetString(0)] = reader.GetString(1);
            return result;
        });
    }

    /// <inheritdoc />
    public void Release(int trial, string worker) => Locked(() =>
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        using (var release = Command("UPDATE trials SET state = 'waiting', worker = NULL WHERE study = $s AND number = $n AND worker = $w AND state = 'running'", tx,
                   ("$s", _study), ("$n", trial), ("$w", worker)))
            if (release.ExecuteNonQuery() == 0) { tx.Commit(); return; }
        using (var clear = Command("DELETE FROM intermediate WHERE study = $s AND trial = $n", tx, ("$s", _study), ("$n", trial)))
            clear.ExecuteNonQuery();
        tx.Commit();
    });

    /// <inheritdoc />
    public void SaveAttribute(string key, string json) => Locked(() =>
        Write("INSERT OR REPLACE INTO attributes (study, key, value) VALUES ($s, $k, $v)", ("$s", _study), ("$k", key), ("$v", json)));

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Attributes()
    {
        return Locked(() =>
        {
            using var cmd = Command("SELECT key, value FROM attributes WHERE study = $s", null, ("$s", _study));
            using var reader = cmd.ExecuteReader();
            var result = new Dictionary<string, string>();
            while (reader.Read()) result[reader.GetString(0)] = reader.GetString(1);
            return result;
        });
    }

    /// <summary>The studies in this file: name, the experiment JSON each was created with, and its experiment key.</summary>
    public IReadOnlyList<(string Name, string ExperimentJson, string Key)> Studies()
    {
        return Locked(() =>
        {
            using var cmd = Command("SELECT name, experiment, experiment_key FROM study ORDER BY id", null);
            using var reader = cmd.ExecuteReader();
            var result = new List<(string, string, string)>();
            while (reader.Read()) result.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            return result;
        }, requireOpen: false);
    }

    // A storage that was never opened would write to study −1 and read nothing: refuse instead.
    private void RequireOpen()
    {
        if (_study < 0) throw new InvalidOperationException("the study storage was not opened: call Open(studyName, experimentJson, experimentKey) first");
    }

    /// <inheritdoc />
    public string? HealthSeries(int trial) => Locked(() =>
    {
        using var cmd = Command("SELECT series FROM health WHERE study = $s AND trial = $n", null, ("$s", _study), ("$n", trial));
        return cmd.ExecuteScalar() as string;
    });

    // The trials without their health series: those changed since the last read, merged into the rest.
    private IReadOnlyList<StoredTrial> History(SqliteTransaction tx)
    {
        if (!_incremental) return ReadTrials(tx, withHealthSeries: false);
        long version;
        using (var count = Command("SELECT version FROM study WHERE id = $s", tx, ("$s", _study)))
            version = Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (version == _history.Since) return _history.All;
        return _history.Apply(ReadTrials(tx, withHealthSeries: false, changedSince: _history.Since ?? -1), version);
    }

    private IReadOnlyList<TrialRecord> Records(SqliteTransaction tx)
    {
        var trials = History(tx);
        return _incremental ? _history.Records : trials.Select(t => t.Record).ToList();
    }

    private List<StoredTrial> ReadTrials(SqliteTransaction tx, bool withHealthSeries = true, long? changedSince = null)
    {
        string trialFilter = changedSince is null ? "" : " AND changed > $since";
        string rowFilter = changedSince is null ? "" : " AND trial IN (SELECT number FROM trials WHERE study = $s AND changed > $since)";
        Dictionary<int, Dictionary<int, double>> intermediate;
        Dictionary<int, (string, string?)> health;
        using (var cmd = Command("SELECT trial, step, value FROM intermediate WHERE study = $s" + rowFilter, tx, ("$s", _study), ("$since", changedSince)))
        using (var reader = cmd.ExecuteReader())
            intermediate = StoredTrialRows.Intermediate(reader);
        using (var cmd = Command($"SELECT trial, verdicts, {(withHealthSeries ? "series" : "NULL")} FROM health WHERE study = $s" + rowFilter, tx, ("$s", _study), ("$since", changedSince)))
        using (var reader = cmd.ExecuteReader())
            health = StoredTrialRows.Health(reader);
        // The changes come in any order (the history places them): ordering them by number would have
        // the planner walk every trial in number order instead of the few changed ones by their index.
        using var trials = Command($"SELECT {StoredTrialRows.Columns} FROM trials WHERE study = $s{trialFilter}{(changedSince is null ? " ORDER BY number" : "")}", tx, ("$s", _study), ("$since", changedSince));
        using var rows = trials.ExecuteReader();
        return StoredTrialRows.Trials(rows, intermediate, health);
    }

    private void Locked(Action action, bool requireOpen = true) => Locked(() => { action(); return 0; }, requireOpen);

    // Every use of the connection after opening: one at a time, and a failure of the disk or the file
    // told in the user's words rather than as SQLite's exception.
    private T Locked<T>(Func<T> action, bool requireOpen = true)
    {
        lock (_gate)
        {
            if (requireOpen) RequireOpen();
            try
            {
                return action();
            }
            catch (SqliteException e)
            {
                throw new StudyStorageFailedException(Describe(_path, e, opening: false));
            }
        }
    }

    private long Now() => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    private int Write(string sql, params (string, object?)[] parameters)
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        using var cmd = Command(sql, tx, parameters);
        int changed = cmd.ExecuteNonQuery();
        tx.Commit();
        return changed;
    }

    private void Execute(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, SqliteTransaction? tx, params (string Name, object? Value)[] parameters)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();
}
