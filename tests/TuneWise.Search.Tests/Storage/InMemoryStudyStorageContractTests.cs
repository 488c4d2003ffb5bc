using TuneWise.Search.Storage;
using TuneWise.Testing;

namespace TuneWise.Search.Tests.Storage;

public class InMemoryStudyStorageContractTests : StudyStorageContract
{
    protected override (IStudyStorage First, IStudyStorage Second) TwoWorkers()
    {
        var storage = new InMemoryStudyStorage(Clock);
        storage.Open("s", "{}", "key");
        return (storage, storage);
    }

    protected override IStudyStorage Unopened() => new InMemoryStudyStorage();
}
