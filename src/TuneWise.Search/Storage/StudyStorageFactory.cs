using TuneWise.Core.Experiments;

namespace TuneWise.Search.Storage;

/// <summary>Opens the study an experiment's <c>storage</c> section points at.</summary>
public static class StudyStorageFactory
{
    /// <summary>The SQLite study file of an experiment: <c>storage.path</c>, else <c>&lt;name&gt;.db</c> beside the experiment file.</summary>
    public static string StudyPath(Experiment experiment) =>
        experiment.ResolvePath(experiment.Storage.Path ?? SafeFileName(experiment.Name) + ".db");

    /// <summary>Where the experiment's study lives, for people: the SQLite file, or the PostgreSQL server and database (never the password).</summary>
    public static string Location(Experiment experiment)
    {
        if (experiment.Storage.Connection is not { } connection) return StudyPath(experiment);
        try
        {
            var c = new Npgsql.NpgsqlConnectionStringBuilder(connection);
            return $"postgresql://{c.Host}:{c.Port}/{c.Database} (study '{experiment.Name}')";
        }
        catch (ArgumentException)
        {
            return "postgresql (an invalid connection string)";
        }
    }

    /// <summary>
    /// Opens (creating if new) the experiment's study and binds it to the experiment: in PostgreSQL
    /// when <c>storage.connection</c> is set, else in the SQLite file <see cref="StudyPath"/>.
    /// </summary>
    /// <exception cref="InvalidExperimentException">The storage section asks for something this build cannot open.</exception>
    /// <exception cref="StudyMismatchException">The store holds another experiment's study, or is not a study store.</exception>
    /// <param name="experiment">The experiment whose study to open.</param>
    /// <param name="readOnly">Only read (status, report): a SQLite study is opened read-only and never created.</param>
    public static IStudyStorage Open(Experiment experiment, bool readOnly = false)
    {
        IStudyStorage storage;
        if (experiment.Storage.Connection is { } connection)
        {
            try
            {
                storage = new PostgresStudyStorage(connection);
            }
            catch (ArgumentException e)
            {
                throw new InvalidExperimentException("experiment", [new ExperimentError("storage.connection", "is not a valid PostgreSQL connection string: " + e.Message)]);
            }
        }
        else
        {
            var path = StudyPath(experiment);
            if (!readOnly) Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            storage = new SqliteStudyStorage(path, readOnly: readOnly);
        }
        try
        {
            storage.Open(experiment.Name, ExperimentLoader.ToJson(experiment), ExperimentKey.Of(experiment));
            return storage;
        }
        catch
        {
            storage.Dispose();
            throw;
        }
    }

    /// <summary>A file name made of the experiment's name: characters a file system may refuse become '_'.</summary>
    public static string SafeFileName(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var chars = name.Select(c => invalid.Contains(c) || char.IsControl(c) || c == ' ' ? '_' : c).ToArray();
        return chars.Length == 0 ? "study" : new string(chars);
    }
}
