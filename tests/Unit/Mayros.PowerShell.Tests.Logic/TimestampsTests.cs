using System;
using Mayros.PowerShell.Sessions;

namespace Mayros.PowerShell.Tests.Logic;

public sealed class TimestampsTests
{
    [Theory]
    [InlineData("2026-05-01T10:30:00Z", "2026-05-01T10:30:00+00:00")]
    [InlineData("2026-05-01T10:30:00", "2026-05-01T10:30:00+00:00")]
    [InlineData("2026-05-01 10:30", "2026-05-01T10:30:00+00:00")]
    [InlineData("2026-05-01", "2026-05-01T00:00:00+00:00")]
    [InlineData("2026-05-01T12:30:00+02:00", "2026-05-01T10:30:00+00:00")]
    [InlineData("2026-05-01T12:30:00+0200", "2026-05-01T10:30:00+00:00")]
    [InlineData("2026-05-01T05:30:00-05", "2026-05-01T10:30:00+00:00")]
    [InlineData("2026-05-01t10:30:00.5z", "2026-05-01T10:30:00.5+00:00")]
    [InlineData("2026-05-01T10:30:00.123456789+00:00", "2026-05-01T10:30:00.1234567+00:00")]
    public void ParsesIso8601AndReadsAMissingOffsetAsUtc(string text, string expected)
    {
        Assert.True(Timestamps.TryParseIso(text, out var value));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("05/01/2026")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-05-01T25:00:00Z")]
    [InlineData("")]
    [InlineData(null)]
    public void RejectsWhatIsNotIso8601(string? text) => Assert.False(Timestamps.TryParseIso(text, out _));

    [Fact]
    public void FormatsLikeJavaScriptToIsoString()
    {
        Assert.Equal("2026-05-01T10:30:00.000Z", Timestamps.Format(new DateTimeOffset(2026, 5, 1, 12, 30, 0, TimeSpan.FromHours(2))));
        Assert.Equal("2026-05-01T10:30:00.1234567Z", Timestamps.Format(new DateTimeOffset(2026, 5, 1, 10, 30, 0, TimeSpan.Zero).AddTicks(1_234_567)));
    }

    [Fact]
    public void StoredTimestampsThatAreNotDatesAreNull()
    {
        Assert.Null(Timestamps.ParseStored("not a date"));
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero), Timestamps.ParseStored("2026-05-01T00:00:00.000Z"));
    }

    [Theory]
    [InlineData("2026-05-01T10:30:00.123Z")]
    [InlineData("2024-02-29T23:59:59.999Z")]
    [InlineData("0001-01-01T00:00:00.000Z")]
    public void ReadsJavaScriptTimestampsDigitByDigitAsTheGeneralParserWould(string text)
    {
        Assert.True(Timestamps.TryParseJavaScript(text, out var fast));
        Assert.Equal(DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal), fast);
        Assert.Equal(TimeSpan.Zero, fast.Offset);
    }

    [Theory]
    [InlineData("2023-02-29T10:30:00.000Z")]
    [InlineData("2026-05-01T24:00:00.000Z")]
    [InlineData("2026-05-01T10:60:00.000Z")]
    [InlineData("2026-05-01T10:30:60.000Z")]
    [InlineData("2026-00-01T10:30:00.000Z")]
    [InlineData("2026-05-00T10:30:00.000Z")]
    [InlineData("2026-05-01T1a:30:00.000Z")]
    [InlineData("2026-05-01T10:30:00.000+")]
    [InlineData("2026-05-01 10:30:00.000Z")]
    [InlineData("-026-05-01T10:30:00.000Z")]
    public void LeavesAnythingElseToTheGeneralParsers(string text)
    {
        Assert.False(Timestamps.TryParseJavaScript(text, out _));
    }

    [Fact]
    public void AStoredTimestampNotInJavaScriptFormIsStillRead() =>
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 10, 30, 0, TimeSpan.Zero), Timestamps.ParseStored("2026-05-01 10:30:00.000Z"));
}

/// <summary>How long a purge will take, as -WhatIf and the progress bar say it.</summary>
public sealed class PurgeDurationTests
{
    [Theory]
    [InlineData(0.4, "under a second")]
    [InlineData(42.2, "about 43 seconds")]
    [InlineData(60.0, "about 1 minute")]
    [InlineData(11 * 60 - 5, "about 11 minutes")]
    [InlineData(59 * 60 + 30, "about 1 hour")]
    [InlineData(100 * 60, "about 1 hour 40 minutes")]
    [InlineData(119 * 60 + 1, "about 2 hours")]
    [InlineData(26 * 3600 + 60, "about 26 hours 1 minute")]
    public void SaysTheTimeInWordsRoundedUp(double seconds, string expected)
    {
        Assert.Equal(expected, Wording.Duration(TimeSpan.FromSeconds(seconds)));
    }
}
