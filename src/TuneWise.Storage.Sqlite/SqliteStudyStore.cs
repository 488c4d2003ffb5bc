using TuneWise.Core.Experiments;
using TuneWise.Search.Storage;

namespace TuneWise.Storage.Sqlite;

/// <summary>Studies in SQLite files: the experiment's <c>storage.path</c>, else <c>&lt;name&gt;.db</c> beside the experiment file.</summary>
/// <param name="path">The study file, relative to the experiment file; null for <c>&lt;name&gt;.db</c>.</param>
public sealed class SqliteStudyStore(string? path = null) : IStudyStore
{
    /// <inheritdoc />
    public StorageSection Section { get; } = new() { Path = path };

    /// <inheritdoc />
    public string Location(Experiment experiment) => StudyStorageFactory.StudyPath(experiment);

    /// <inheritdoc />
    public IStudyStorage Connect(Experiment experiment, bool readOnly)
    {
        var file = StudyStorageFactory.StudyPath(experiment);
        if (!readOnly) Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        return new SqliteStudyStorage(file, readOnly: readOnly);
    }
}
