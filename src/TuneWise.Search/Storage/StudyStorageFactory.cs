using TuneWise.Core.Experiments;

namespace TuneWise.Search.Storage;

/// <summary>Opens the study an experiment's <c>storage</c> section points at, in the store that section names.</summary>
public static class StudyStorageFactory
{
    /// <summary>The SQLite study file of an experiment: <c>storage.path</c>, else <c>&lt;name&gt;.db</c> beside the experiment file.</summary>
    public static string StudyPath(Experiment experiment) =>
        experiment.ResolvePath(experiment.Storage.Path ?? SafeFileName(experiment.Name) + ".db");

    /// <summary>
    /// Opens (creating if new, unless <paramref name="readOnly"/>) the experiment's study in
    /// <paramref name="store"/> and binds it to the experiment.
    /// </summary>
    /// <exception cref="InvalidExperimentException">The storage section asks for something the store cannot open.</exception>
    /// <exception cref="StudyMismatchException">The store holds another experiment's study, or is not a study store.</exception>
    /// <param name="store">The store the experiment's <c>storage</c> section names.</param>
    /// <param name="experiment">The experiment whose study to open.</param>
    /// <param name="readOnly">Only read (status, report): a study is never created.</param>
    public static IStudyStorage Open(IStudyStore store, Experiment experiment, bool readOnly = false)
    {
        var storage = store.Connect(experiment, readOnly);
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
