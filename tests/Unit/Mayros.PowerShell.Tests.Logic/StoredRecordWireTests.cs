using Mayros.PowerShell.Cortex.Records;

namespace Mayros.PowerShell.Tests.Logic;

/// <summary>
/// The checkpoint and rewind-record literals the module stores, byte for byte. The expected texts are what the
/// module's earlier hand-written writer produced for the same values (the mayros CLI reads these checkpoints, and
/// older modules read both): compact, members in order, nulls left out, only quotes, backslashes and control
/// characters escaped, lowercase hex.
/// </summary>
public sealed class StoredRecordWireTests
{
    [Fact]
    public void ACheckpointIsWrittenAsItAlwaysWas()
    {
        var json = CheckpointJson.Write(new StoredCheckpoint("agent:main:main", "2026-05-01T10:30:12.000Z", 214, "7f1c2e0a-5b1d-4c7e-9a43-2d8e1f0b6c55", "cp-3f9a1c07b2e4", null));

        Assert.Equal("{\"sessionKey\":\"agent:main:main\",\"timestamp\":\"2026-05-01T10:30:12.000Z\",\"eventCount\":214,\"lastEventId\":\"7f1c2e0a-5b1d-4c7e-9a43-2d8e1f0b6c55\"," +
            "\"id\":\"cp-3f9a1c07b2e4\"}", json);
    }

    [Fact]
    public void TextIsEscapedAsJsonStringifyEscapesItAndNoMore()
    {
        var label = CheckpointJson.Write(new StoredCheckpoint("s", "2026-05-01T10:30:12.000Z", 0, null, "cp-000000000001", "before \"the\" <refactor> & \\ é 😀 \u2028"));
        var controls = CheckpointJson.Write(new StoredCheckpoint("k", "2026-05-01T10:30:12.1234567Z", 3, "odd\u0001id\n\t\r\b\f\u001f", "cp-aaaaaaaaaaaa", "l"));

        Assert.Equal("{\"sessionKey\":\"s\",\"timestamp\":\"2026-05-01T10:30:12.000Z\",\"eventCount\":0,\"id\":\"cp-000000000001\",\"label\":\"before \\\"the\\\" <refactor> & " +
            "\\\\ é 😀 \u2028\"}", label);
        Assert.Equal("{\"sessionKey\":\"k\",\"timestamp\":\"2026-05-01T10:30:12.1234567Z\",\"eventCount\":3,\"lastEventId\":\"odd\\u0001id\\n\\t\\r\\b\\f\\u001f\"," +
            "\"id\":\"cp-aaaaaaaaaaaa\",\"label\":\"l\"}", controls);
    }

    [Fact]
    public void RewindRecordsAreWrittenAsTheyAlwaysWere()
    {
        var started = RewindJson.Write(new StoredRewind("rw-0123456789ab", "exp-1", "2026-05-01T10:00:00.000Z", "2026-05-01T10:31:00.000Z", 37, "active", null, null, "started"));
        var completed = RewindJson.Write(new StoredRewind("rw-0123456789ab", "exp-1", "2026-05-01T10:00:00.000Z", "2026-05-01T10:31:01.000Z", 37, null, "2026-04-01T00:00:00.000Z",
            "cp-3f9a1c07b2e4", null));

        Assert.Equal("{\"id\":\"rw-0123456789ab\",\"sessionKey\":\"exp-1\",\"rewindPoint\":\"2026-05-01T10:00:00.000Z\",\"at\":\"2026-05-01T10:31:00.000Z\",\"eventsRemoved\":37," +
            "\"previousStatus\":\"active\",\"state\":\"started\"}", started);
        Assert.Equal("{\"id\":\"rw-0123456789ab\",\"sessionKey\":\"exp-1\",\"rewindPoint\":\"2026-05-01T10:00:00.000Z\",\"at\":\"2026-05-01T10:31:01.000Z\",\"eventsRemoved\":37," +
            "\"previousRewindPoint\":\"2026-04-01T00:00:00.000Z\",\"checkpoint\":\"cp-3f9a1c07b2e4\"}", completed);
    }

    [Theory]
    [InlineData("{\"sessionKey\":\"s\",\"timestamp\":\"2026-05-01T10:30:12.000Z\",\"eventCount\":214,\"lastEventId\":\"e9\"}", 214, "e9", null)] // the CLI's
    [InlineData("{\"sessionKey\":\"s\",\"timestamp\":\"2026-05-01T10:30:12.000Z\",\"eventCount\":5,\"lastEventId\":null,\"extra\":[1,2]}", 5, null, null)]
    [InlineData("{\"timestamp\":\"2026-05-01T10:30:12.000Z\",\"eventCount\":7.0,\"id\":\"cp-1\",\"label\":\"x\"}", 7, null, "cp-1")]
    public void CheckpointsTheCliAndTheModuleWroteAreRead(string text, int count, string? lastEventId, string? id)
    {
        var checkpoint = CheckpointJson.TryRead(text);

        Assert.NotNull(checkpoint);
        Assert.Equal(count, checkpoint!.EventCount);
        Assert.Equal(lastEventId, checkpoint.LastEventId);
        Assert.Equal(id, checkpoint.Id);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1]")]
    [InlineData("{\"timestamp\":\"2026-05-01T10:30:12.000Z\"}")]
    [InlineData("{\"timestamp\":5,\"eventCount\":1}")]
    [InlineData("{\"timestamp\":\"2026-05-01T10:30:12.000Z\",\"eventCount\":-1}")]
    [InlineData("{\"timestamp\":\"2026-05-01T10:30:12.000Z\",\"eventCount\":\"3\"}")]
    public void WhatIsNotACheckpointIsNotRead(string text) => Assert.Null(CheckpointJson.TryRead(text));

    [Fact]
    public void ARewindRecordRoundTripsAndAnEarlyUndoneFlagIsRead()
    {
        var written = new StoredRewind("rw-1", "s", "2026-05-01T10:00:00.000Z", "2026-05-01T10:31:00.000Z", 3, "forked", "2026-04-01T00:00:00.000Z", "cp-1", "undoing");
        var read = RewindJson.TryRead(RewindJson.Write(written))!;
        var early = RewindJson.TryRead("{\"id\":\"rw-2\",\"rewindPoint\":\"2026-05-01T10:00:00.000Z\",\"at\":\"2026-05-01T10:31:00.000Z\",\"undone\":true}")!;

        Assert.Equal(("rw-1", "s", 3, "forked", "2026-04-01T00:00:00.000Z", "cp-1", "undoing"), (read.Id, read.SessionKey, read.EventsRemoved, read.PreviousStatus,
            read.PreviousRewindPoint, read.Checkpoint, read.State));
        Assert.True(early.LegacyUndone);
        Assert.Equal(string.Empty, early.SessionKey);
        Assert.Null(RewindJson.TryRead("{\"id\":\"rw-3\",\"at\":\"2026-05-01T10:31:00.000Z\"}"));
    }
}
