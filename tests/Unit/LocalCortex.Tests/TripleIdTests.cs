using System.Threading.Tasks;
using LocalCortex.Graph;
using Xunit;

namespace LocalCortex.Tests;

/// <summary>Contract §2.4: the id is BLAKE3 over the bincode recipe; these are the contract's test vectors.</summary>
public sealed class TripleIdTests : ServerScope
{
    [Theory]
    [InlineData("ex:alice", "ex:knows", "{\"node\":\"ex:bob\"}", "fee928798f9856486a802f87d715408ae848f0504dfeff05424217fa3586eb2b")]
    [InlineData("ex:alice", "ex:name", "\"Alice\"", "48d4d4e5e6e83dfec63f25c9238f52206decce003ed3cfbfe1ec903941e7c97a")]
    [InlineData("a", "b", "\"c\"", "8b714017a33a86118acde163009e3e685c3cbe31c9f0c2b2147d6d9a34ac030a")]
    [InlineData("ex:a", "ex:n", "42", "4c77c4d320d1253db5b1944942a12327a58d6373562e34df91616217c48a7b06")]
    [InlineData("ex:a", "ex:n", "-1", "365057ca42c57341e558efa5e42417d4c475a89e6855416e043202917fe03295")]
    [InlineData("ex:a", "ex:f", "1.5", "f1a8ea773bbf14bd49d22e9b7dd6b80758458b0b9f941afaaedbe26ce15fef24")]
    [InlineData("ex:a", "ex:b", "true", "f6521f88456428e55e335e4cfe8c8d4c5e47af2b74e761efeb181df5825888d2")]
    public async Task CreateReturnsTheContractsId(string subject, string predicate, string objectJson, string expectedId)
    {
        var created = await PostJsonOk("/api/v1/triples", Triple(subject, predicate, objectJson));
        Assert.Equal(expectedId, created.GetProperty("id").GetString());

        var fetched = await GetJsonOk("/api/v1/triples/" + expectedId.ToUpperInvariant());
        Assert.Equal(expectedId, fetched.GetProperty("id").GetString());
    }

    [Fact]
    public void LongNamesUseTheWideVarint()
    {
        // 300 bytes needs the 0xFB + u16 form; the id must differ from a 250-byte name's and be stable.
        var longName = new string('s', 300);
        var a = TripleId.Compute(longName, "p", GraphValue.String("o"));
        var b = TripleId.Compute(longName, "p", GraphValue.String("o"));
        Assert.Equal(a, b);
        Assert.NotEqual(a, TripleId.Compute(new string('s', 250), "p", GraphValue.String("o")));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("zz928798f9856486a802f87d715408ae848f0504dfeff05424217fa3586eb2b")]
    [InlineData("fee928798f9856486a802f87d715408ae848f0504dfeff05424217fa3586eb2b0")]
    public async Task MalformedIdsInAPathAre400(string id)
    {
        using var response = await Http.GetAsync("/api/v1/triples/" + id);
        Assert.Equal(400, (int)response.StatusCode);
        var body = await Json(response);
        Assert.Equal("INVALID_INPUT", body.GetProperty("code").GetString());
        Assert.Equal("Invalid input: Invalid triple ID: " + id, body.GetProperty("error").GetString());
    }
}
