using TuneWise.Search.Storage;
using TuneWise.Testing;

namespace TuneWise.Storage.Sqlite.Tests;

public class SqliteStudyStorageContractTests : SharedStudyStorageContract
{
    protected override (IStudyStorage First, IStudyStorage Second) TwoWorkers()
    {
        var path = SqliteStudyStorageTests.TempDb();
        var first = new SqliteStudyStorage(path, Clock);
        var second = new SqliteStudyStorage(path, Clock);
        first.Open("s", "{}", "key");
        second.Open("s", "{}", "key");
        return (first, second);
    }

    protected override IStudyStorage Unopened() => new SqliteStudyStorage(SqliteStudyStorageTests.TempDb());
}
