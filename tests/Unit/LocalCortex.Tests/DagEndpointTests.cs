using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Mayros.TestSupport;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Xunit;

namespace LocalCortex.Tests;

/// <summary>docs/CORTEX-DAG.md: every write a signed action, and the /api/v1/dag routes answering as Cortex's do.</summary>
public sealed class DagEndpointTests : ServerScope
{
    [Fact]
    public async Task ACreateIsOneSignedActionFiledUnderItsSubjectNewestFirst()
    {
        await PostJsonOk("/api/v1/triples", Triple("ex:s", "ex:p", "\"one\""));
        await PostJsonOk("/api/v1/triples", Triple("ex:s", "ex:q", "{\"node\":\"ex:o\"}"));
        await PostJsonOk("/api/v1/triples", Triple("ex:other", "ex:p", "1"));

        var history = await GetJsonOk("/api/v1/dag/history?subject=ex:s");
        Assert.Equal(2, history.GetArrayLength());
        var newest = history[0];
        Assert.Equal("triple:create", newest.GetProperty("payload_type").GetString());
        Assert.Equal("ex:s -> ex:q -> {\"node\":\"ex:o\"}", newest.GetProperty("payload_summary").GetString());
        Assert.Equal("ex:s -> ex:p -> \"one\"", history[1].GetProperty("payload_summary").GetString());
        Assert.Equal("<node:local>", newest.GetProperty("author").GetString());
        Assert.True(newest.GetProperty("signed").GetBoolean());
        Assert.Equal("signed", newest.GetProperty("signature_status").GetString());
        Assert.Equal(JsonValueKind.Null, newest.GetProperty("verification").ValueKind); // lists carry no verification bundle
        Assert.EndsWith("+00:00", newest.GetProperty("timestamp").GetString(), StringComparison.Ordinal);
        Assert.True(newest.GetProperty("seq").GetUInt64() > history[1].GetProperty("seq").GetUInt64());

        var limited = await GetJsonOk("/api/v1/dag/history?subject=ex:s&limit=1");
        Assert.Equal(newest.GetProperty("hash").GetString(), limited[0].GetProperty("hash").GetString());
    }

    [Fact]
    public async Task ABatchIsOneActionListingEveryRowDuplicatesIncluded()
    {
        await PostJsonOk("/api/v1/triples", Triple("ex:b", "ex:p", "\"old\""));
        await PostJsonOk("/api/v1/triples/batch", $"{{\"triples\":[{Triple("ex:b", "ex:p", "\"old\"")},{Triple("ex:c", "ex:p", "\"new\"")}]}}");

        var history = await GetJsonOk("/api/v1/dag/history?subject=ex:c");
        Assert.Equal(1, history.GetArrayLength());
        Assert.Equal("2 triple(s)", history[0].GetProperty("payload_summary").GetString());
        Assert.Equal(2, (await GetJsonOk("/api/v1/dag/history?subject=ex:b")).GetArrayLength());
        var action = await GetJsonOk("/api/v1/dag/action/" + history[0].GetProperty("hash").GetString());
        var payload = action.GetProperty("verification").GetProperty("canonical").GetProperty("payload_json").GetString();
        Assert.Equal("{\"TripleInsert\":{\"triples\":[{\"subject\":\"ex:b\",\"predicate\":\"ex:p\",\"object\":\"old\"},"
            + "{\"subject\":\"ex:c\",\"predicate\":\"ex:p\",\"object\":\"new\"}]}}", payload);
    }

    [Fact]
    public async Task ADeleteIsFiledUnderTheBracketedSubjectOnly()
    {
        var created = await PostJsonOk("/api/v1/triples", Triple("ex:d", "ex:p", "\"v\""));
        using var deleted = await Http.DeleteAsync("/api/v1/triples/" + created.GetProperty("id").GetString());
        Assert.Equal(204, (int)deleted.StatusCode);

        var bare = await GetJsonOk("/api/v1/dag/history?subject=ex:d");
        Assert.Equal(new[] { "triple:create" }, bare.EnumerateArray().Select(a => a.GetProperty("payload_type").GetString()));
        var bracketed = await GetJsonOk("/api/v1/dag/history?subject=%3Cex:d%3E");
        Assert.Equal("triple:delete", bracketed[0].GetProperty("payload_type").GetString());
        Assert.Equal("1 triple(s) [<ex:d>]", bracketed[0].GetProperty("payload_summary").GetString());
        var byId = await GetJsonOk("/api/v1/dag/history?triple_id=" + created.GetProperty("id").GetString());
        Assert.Equal(new[] { "triple:delete", "triple:create" }, byId.EnumerateArray().Select(a => a.GetProperty("payload_type").GetString()));
    }

    [Fact]
    public async Task TheVerificationBundleLetsAClientCheckTheSignatureWithoutTheServer()
    {
        await PostJsonOk("/api/v1/triples", Triple("ex:v", "ex:p", "\"ñ \\\"quoted\\\" \\n line\""));
        var hash = (await GetJsonOk("/api/v1/dag/history?subject=ex:v"))[0].GetProperty("hash").GetString()!;
        var action = await GetJsonOk("/api/v1/dag/action/" + hash);
        var bundle = action.GetProperty("verification");
        Assert.Equal("aingle-dag-action-v1", bundle.GetProperty("spec").GetString());
        Assert.Equal("local_node_key", bundle.GetProperty("public_key_source").GetString());
        var stats = await GetJsonOk("/api/v1/dag/stats");
        Assert.Equal(stats.GetProperty("signing_public_key").GetString(), bundle.GetProperty("public_key").GetString());

        var digest = Blake3.Hasher.Hash(Preimage(bundle.GetProperty("canonical"))).AsSpan().ToArray();
        Assert.Equal(hash, Convert.ToHexString(digest).ToLowerInvariant());
        Assert.True(Ed25519(bundle.GetProperty("public_key").GetString()!, digest, bundle.GetProperty("signature").GetString()!));
        Assert.Contains("\"ñ \\\"quoted\\\" \\n line\"", bundle.GetProperty("canonical").GetProperty("payload_json").GetString(), StringComparison.Ordinal);

        var verdict = await GetJsonOk($"/api/v1/dag/verify/{hash}?public_key={stats.GetProperty("signing_public_key").GetString()}");
        Assert.True(verdict.GetProperty("valid").GetBoolean());
        Assert.Equal("Signature valid", verdict.GetProperty("detail").GetString());
        Assert.Equal(hash, verdict.GetProperty("action_hash").GetString());
    }

    [Fact]
    public async Task ATamperedActionNoLongerMatchesItsHashOrItsSignature()
    {
        await PostJsonOk("/api/v1/triples", Triple("ex:t", "ex:p", "\"kept\""));
        var hash = (await GetJsonOk("/api/v1/dag/history?subject=ex:t"))[0].GetProperty("hash").GetString()!;
        var key = (await GetJsonOk("/api/v1/dag/stats")).GetProperty("signing_public_key").GetString()!;
        var stored = Server.State.Dag!.Get(hash)!;
        stored.PayloadJson = stored.PayloadJson.Replace("kept", "kapt", StringComparison.Ordinal);

        var action = await GetJsonOk("/api/v1/dag/action/" + hash);
        Assert.NotEqual(hash, action.GetProperty("hash").GetString());
        var verdict = await GetJsonOk($"/api/v1/dag/verify/{hash}?public_key={key}");
        Assert.False(verdict.GetProperty("valid").GetBoolean());
        Assert.Equal("Signature verification failed", verdict.GetProperty("detail").GetString());
        Assert.Equal("unknown_author", action.GetProperty("verification").GetProperty("public_key_source").GetString());
    }

    [Fact]
    public async Task AtReplaysTheGraphToAnActionAndDiffListsWhatCameAfter()
    {
        var created = await PostJsonOk("/api/v1/triples", Triple("ex:a", "ex:p", "\"then\""));
        var first = (await GetJsonOk("/api/v1/dag/history?subject=ex:a"))[0].GetProperty("hash").GetString()!;
        using (await Http.DeleteAsync("/api/v1/triples/" + created.GetProperty("id").GetString()))
        {
        }

        await PostJsonOk("/api/v1/triples", Triple("ex:a", "ex:p", "\"now\""));
        var at = await GetJsonOk("/api/v1/dag/at/" + first);
        Assert.Equal(first, at.GetProperty("target_hash").GetString());
        Assert.Equal(2, at.GetProperty("actions_replayed").GetInt32()); // genesis and the create
        var triple = Assert.Single(at.GetProperty("triples").EnumerateArray());
        Assert.Equal("<ex:a>", triple.GetProperty("subject").GetString());
        Assert.Equal("then", triple.GetProperty("object").GetString());

        var tip = (await GetJsonOk("/api/v1/dag/tips")).GetProperty("tips")[0].GetString();
        var diff = await GetJsonOk($"/api/v1/dag/diff?from={first}&to={tip}");
        Assert.Equal(2, diff.GetProperty("action_count").GetInt32());
        Assert.Equal(new[] { "triple:delete", "triple:create" }, diff.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("payload_type").GetString()));
    }

    [Fact]
    public async Task SyncHandsOutWholeActionsWhosePayloadIsTheSignedBytes()
    {
        await PostJsonOk("/api/v1/triples", Triple("ex:y", "ex:p", "2.5"));
        var hash = (await GetJsonOk("/api/v1/dag/history?subject=ex:y"))[0].GetProperty("hash").GetString()!;
        var bytes = string.Join(",", Convert.FromHexString(hash).Select(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var sync = await PostJsonOk("/api/v1/dag/sync", $"{{\"local_tips\":[],\"want\":[[{bytes}]]}}", 200);
        Assert.Equal(1, sync.GetProperty("action_count").GetInt32());
        var whole = sync.GetProperty("actions")[0];
        var canonical = (await GetJsonOk("/api/v1/dag/action/" + hash)).GetProperty("verification").GetProperty("canonical");
        Assert.Equal(canonical.GetProperty("payload_json").GetString(), whole.GetProperty("payload").GetRawText());
        Assert.Equal(canonical.GetProperty("author_json").GetString(), whole.GetProperty("author").GetRawText());
        Assert.Equal(canonical.GetProperty("timestamp_rfc3339").GetString(), whole.GetProperty("timestamp").GetString()!.Replace("Z", "+00:00", StringComparison.Ordinal));
        Assert.Equal(64, whole.GetProperty("signature").GetArrayLength());
        Assert.Equal(32, whole.GetProperty("parents")[0].GetArrayLength());
    }

    [Fact]
    public async Task ACustomActionIsSignedAndFiledUnderItsSubject()
    {
        var created = await PostJsonOk("/api/v1/dag/actions",
            "{\"payload_type\":\"mayros:note\",\"payload_summary\":\"a note\",\"payload\":{\"b\":1,\"a\":[true]},\"subject\":\"ex:n\"}");
        Assert.True(created.GetProperty("signed").GetBoolean());
        var history = await GetJsonOk("/api/v1/dag/history?subject=ex:n");
        Assert.Equal("mayros:note", history[0].GetProperty("payload_type").GetString());
        Assert.Equal("a note", history[0].GetProperty("payload_summary").GetString());
        var canonical = (await GetJsonOk("/api/v1/dag/action/" + created.GetProperty("hash").GetString())).GetProperty("verification").GetProperty("canonical");
        Assert.Equal("{\"Custom\":{\"payload_type\":\"mayros:note\",\"payload_summary\":\"a note\",\"payload\":{\"a\":[true],\"b\":1},\"subject\":\"ex:n\"}}",
            canonical.GetProperty("payload_json").GetString());

        using var empty = await PostJson("/api/v1/dag/actions", "{\"payload_type\":\"\",\"payload_summary\":\"x\"}");
        Assert.Equal(400, (int)empty.StatusCode);
        Assert.Equal("Invalid input: payload_type cannot be empty", (await Json(empty)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task WrongQueriesAreTheErrorsCortexGives()
    {
        using var none = await Http.GetAsync("/api/v1/dag/history");
        Assert.Equal(400, (int)none.StatusCode);
        Assert.Equal("Invalid input: Either 'subject' or 'triple_id' query parameter is required", (await Json(none)).GetProperty("error").GetString());
        using var bad = await Http.GetAsync("/api/v1/dag/action/xyz");
        Assert.Equal(400, (int)bad.StatusCode);
        Assert.Equal("Invalid input: Invalid DAG action hash: xyz", (await Json(bad)).GetProperty("error").GetString());
        using var unknown = await Http.GetAsync("/api/v1/dag/action/" + new string('a', 64));
        Assert.Equal(404, (int)unknown.StatusCode);
        Assert.Equal("NOT_FOUND", (await Json(unknown)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task AStartedDagHasItsUnsignedGenesisAsTheOnlyTip()
    {
        var stats = await GetJsonOk("/api/v1/dag/stats");
        Assert.Equal(1, stats.GetProperty("action_count").GetInt32());
        Assert.Equal(64, stats.GetProperty("signing_public_key").GetString()!.Length);
        var tip = (await GetJsonOk("/api/v1/dag/tips")).GetProperty("tips")[0].GetString();
        var genesis = await GetJsonOk("/api/v1/dag/action/" + tip);
        Assert.Equal("genesis", genesis.GetProperty("payload_type").GetString());
        Assert.Equal("unsigned_by_design", genesis.GetProperty("signature_status").GetString());
    }

    private static byte[] Preimage(JsonElement canonical)
    {
        using var stream = new MemoryStream();
        void U64(ulong value)
        {
            var bytes = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
            stream.Write(bytes);
        }

        var parents = canonical.GetProperty("parents");
        U64((ulong)parents.GetArrayLength());
        foreach (var parent in parents.EnumerateArray())
        {
            stream.Write(Convert.FromHexString(parent.GetString()!));
        }

        var author = Encoding.UTF8.GetBytes(canonical.GetProperty("author_json").GetString()!);
        U64((ulong)author.Length);
        stream.Write(author);
        U64(canonical.GetProperty("seq").GetUInt64());
        stream.Write(Encoding.UTF8.GetBytes(canonical.GetProperty("timestamp_rfc3339").GetString()!));
        var payload = Encoding.UTF8.GetBytes(canonical.GetProperty("payload_json").GetString()!);
        U64((ulong)payload.Length);
        stream.Write(payload);
        return stream.ToArray();
    }

    private static bool Ed25519(string publicKeyHex, byte[] message, string signatureHex)
    {
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(Convert.FromHexString(publicKeyHex), 0));
        verifier.BlockUpdate(message, 0, message.Length);
        return verifier.VerifySignature(Convert.FromHexString(signatureHex));
    }
}

/// <summary>A Cortex built without its dag feature: the routes do not exist.</summary>
public sealed class NoDagEndpointTests : IAsyncLifetime
{
    private readonly LocalCortexServer _cortex = new(new CortexServerOptions { Port = 0, DataDirectory = null, RateLimitPerMinute = 0, Dag = false });

    public Task InitializeAsync() => _cortex.InitializeAsync();

    public Task DisposeAsync() => _cortex.DisposeAsync();

    [Fact]
    public async Task TheDagRoutesAre404WithAnEmptyBody()
    {
        using var response = await _cortex.Http.GetAsync("/api/v1/dag/stats");
        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
    }
}
