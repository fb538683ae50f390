using FeedHub.Core.Model;

namespace FeedHub.Tests.Model;

public sealed class StableIdTests
{
    [Fact]
    public void The_same_source_and_guid_give_the_same_uuid_and_others_differ()
    {
        var id = StableId.ForArticle("bbc", "https://bbc.example/1");

        Assert.Equal(id, StableId.ForArticle("bbc", "https://bbc.example/1"));
        Assert.NotEqual(id, StableId.ForArticle("bbc", "https://bbc.example/2"));
        Assert.NotEqual(id, StableId.ForArticle("cnn", "https://bbc.example/1"));
        var uuid = Guid.Parse(id);
        Assert.Equal(8, uuid.Version);
        Assert.Equal(id, uuid.ToString("D"));
    }
}
