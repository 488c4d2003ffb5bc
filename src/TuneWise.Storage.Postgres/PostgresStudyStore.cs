using Npgsql;
using TuneWise.Core.Experiments;
using TuneWise.Search.Storage;

namespace TuneWise.Storage.Postgres;

/// <summary>Studies in a PostgreSQL database, named by the experiment's <c>storage.connection</c>; shared by workers on many machines.</summary>
/// <param name="connection">The connection string that code building an experiment records in <c>storage.connection</c>.</param>
public sealed class PostgresStudyStore(string? connection = null) : IStudyStore
{
    /// <inheritdoc />
    public StorageSection Section { get; } = new() { Connection = connection };

    /// <inheritdoc />
    public string Location(Experiment experiment)
    {
        try
        {
            var c = new NpgsqlConnectionStringBuilder(ConnectionOf(experiment));
            return $"postgresql://{c.Host}:{c.Port}/{c.Database} (study '{experiment.Name}')";
        }
        catch (ArgumentException)
        {
            return "postgresql (an invalid connection string)";
        }
        catch (InvalidExperimentException)
        {
            return "postgresql (no connection string)";
        }
    }

    /// <inheritdoc />
    public IStudyStorage Connect(Experiment experiment, bool readOnly)
    {
        try
        {
            return new PostgresStudyStorage(ConnectionOf(experiment));
        }
        catch (ArgumentException e)
        {
            throw Invalid("is not a valid PostgreSQL connection string: " + e.Message);
        }
    }

    private static string ConnectionOf(Experiment experiment) =>
        experiment.Storage.Connection ?? throw Invalid("is missing: a study in PostgreSQL needs a connection string");

    private static InvalidExperimentException Invalid(string what) =>
        new("experiment", [new ExperimentError("storage.connection", what)]);
}
