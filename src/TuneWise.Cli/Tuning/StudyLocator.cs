using TuneWise.Core.Experiments;
using TuneWise.Search.Storage;
using TuneWise.Storage.Postgres;
using TuneWise.Storage.Sqlite;
using TuneWise.Search.Studies;

namespace TuneWise.Cli.Tuning;

/// <summary>Finds a study from what the user typed: an experiment file (its study is wherever <c>storage</c> says) or a study file.</summary>
internal static class StudyLocator
{
    /// <summary>The store an experiment's <c>storage</c> section names: PostgreSQL when it has a connection string, else a SQLite file.</summary>
    public static IStudyStore StoreOf(Experiment experiment) =>
        experiment.Storage.Connection is { } connection ? new PostgresStudyStore(connection) : new SqliteStudyStore(experiment.Storage.Path);

    /// <summary>Where the experiment's study lives, for people (never a password).</summary>
    public static string Location(Experiment experiment) => StoreOf(experiment).Location(experiment);

    /// <param name="file">What the user typed.</param>
    /// <param name="create">Create the study when the experiment has none yet.</param>
    /// <param name="checkOutputs">Checks the experiment before its study file is opened or created (output paths).</param>
    /// <param name="study">Which study of a study file holding several (its name); null when it holds one.</param>
    public static (Experiment Experiment, IStudyStorage Storage) Open(FileInfo file, bool create, Action<Experiment>? checkOutputs = null, string? study = null)
    {
        if (file.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            var experiment = ExperimentLoader.Load(file.FullName);
            checkOutputs?.Invoke(experiment);
            var path = StudyStorageFactory.StudyPath(experiment);
            if (!create && experiment.Storage.Connection is null && !File.Exists(path))
                throw new InvalidExperimentException(file.FullName, [new ExperimentError("storage.path", $"no study yet at {path}; start one with 'tunewise tune {file.Name}'")]);
            var storage = StudyStorageFactory.Open(StoreOf(experiment), experiment, readOnly: !create && experiment.Storage.Connection is null);
            // Written by the commands that write anyway, and only when it changed: status and report leave a study as they found it.
            var baseDirectory = Core.Trials.StoredJson.Write(experiment.BaseDirectory);
            if (create && (!storage.Attributes().TryGetValue(StudyAttributes.BaseDirectory, out var stored) || stored != baseDirectory))
                storage.SaveAttribute(StudyAttributes.BaseDirectory, baseDirectory);
            return (experiment, storage);
        }
        if (Directory.Exists(file.FullName)) throw new InvalidExperimentException(file.FullName, [new ExperimentError("$", "is a folder; give an experiment file (.json) or a study file (.db)")]);
        if (!file.Exists) throw new InvalidExperimentException(file.FullName, [new ExperimentError("$", "no such study or experiment file")]);
        var sqlite = new SqliteStudyStorage(file.FullName, readOnly: !create);
        try
        {
            var studies = sqlite.Studies();
            if (studies.Count == 0) throw new StudyMismatchException($"{file.FullName} holds no study yet");
            // Experiments that share one storage.path keep their studies side by side in it.
            var names = studies.Select(x => x.Name).ToList();
            if (study is not null && !names.Contains(study))
                throw new Core.UserInputException($"--study: {file.FullName} holds no study named '{study}'; it holds {string.Join(", ", names.Select(n => $"'{n}'"))}");
            if (study is null && studies.Count > 1)
                throw new Core.UserInputException($"{file.FullName} holds {studies.Count} studies ({string.Join(", ", names.Select(n => $"'{n}'"))}); name one with --study");
            var (name, json, key) = studies.First(x => study is null || x.Name == study);
            sqlite.Open(name, json, key);
            var baseDirectory = sqlite.Attributes().TryGetValue(StudyAttributes.BaseDirectory, out var stored) && Core.Trials.StoredJson.Read<string>(stored) is { } d && Directory.Exists(d)
                ? d : file.DirectoryName!;
            var experiment = ExperimentLoader.Parse(json, file.FullName, baseDirectory);
            return (experiment with { Storage = experiment.Storage with { Path = file.FullName } }, sqlite);
        }
        catch
        {
            sqlite.Dispose();
            throw;
        }
    }
}
