using TuneWise.Core.Experiments;

namespace TuneWise.Search.Storage;

/// <summary>
/// A kind of place where studies live — a SQLite file, a PostgreSQL database — and how an
/// experiment's study is opened there. Each store comes in its own package
/// (<c>TuneWise.Storage.Sqlite</c>, <c>TuneWise.Storage.Postgres</c>), so an application carries
/// only the database driver it uses. The experiment's <c>storage</c> section says where; the store
/// reads it from there.
/// </summary>
public interface IStudyStore
{
    /// <summary>The <c>storage</c> section that points an experiment at this store (what code that builds an experiment records).</summary>
    StorageSection Section { get; }

    /// <summary>Where the experiment's study lives, for people: a file, or a server and database (never a password).</summary>
    /// <param name="experiment">The experiment whose <c>storage</c> section names the place.</param>
    string Location(Experiment experiment);

    /// <summary>Connects to the place the experiment's <c>storage</c> section names, not yet bound to a study (see <see cref="StudyStorageFactory.Open"/>).</summary>
    /// <param name="experiment">The experiment whose <c>storage</c> section names the place.</param>
    /// <param name="readOnly">Only read (status, report): nothing is created.</param>
    /// <exception cref="InvalidExperimentException">The <c>storage</c> section cannot name a place in this store.</exception>
    /// <exception cref="StudyMismatchException">The place is not a study store, or cannot be reached.</exception>
    IStudyStorage Connect(Experiment experiment, bool readOnly);
}
