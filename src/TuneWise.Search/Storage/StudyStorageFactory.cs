using TuneWise.Core.Experiments;

namespace TuneWise.Search.Storage;

/// <summary>Opens the study an experiment's <c>storage</c> section points at.</summary>
public static class StudyStorageFactory
{
    /// <summary>The SQLite study file of an experiment: <c>storage.path</c>, else <c>&lt;name&gt;.db</c> beside the experiment file.</summary>
    public static string StudyPath(Experiment experiment) =>
        experiment.ResolvePath(experiment.Storage.Path ?? SafeFileName(experiment.Name) + ".db");

    /// <summary>Opens (creating if new) the experiment's study and binds it to the experiment.</summary>
    /// <exception cref="InvalidExperimentException">The storage section asks for something this build cannot open.</exception>
    /// <exception cref="StudyMismatchException">The store holds another experiment's study, or is not a study store.</exception>
    public static IStudyStorage Open(Experiment experiment)
    {
        if (experiment.Storage.Connection is not null)
            throw new InvalidExperimentException("experiment", [new ExperimentError("storage.connection",
                "PostgreSQL studies are not available in this version; remove storage.connection to use a SQLite study file (storage.path)")]);
        var path = StudyPath(experiment);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var storage = new SqliteStudyStorage(path);
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
