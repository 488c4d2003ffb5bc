using TuneWise.Testing;

namespace TuneWise.MLNet.Tests;

/// <summary>The tests of this assembly that need a PostgreSQL server share one (see <see cref="PostgresCollection"/>).</summary>
[CollectionDefinition(PostgresCollection.Name)]
public sealed class PostgresTests : PostgresCollection;
