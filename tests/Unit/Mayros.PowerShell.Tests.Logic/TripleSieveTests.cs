using System.IO;
using System.Linq;
using System.Text;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Cortex.Json;

namespace Mayros.PowerShell.Tests.Logic;

/// <summary>
/// The byte-level first look of a replay's reader: a triple it passes over is one the caller would not have kept, and
/// whatever it cannot read simply (escapes, spacing) is parsed as before.
/// </summary>
public sealed class TripleSieveTests
{
    private const string Listing = """
        {"triples":[
          {"subject":"other:event:1","predicate":"other:event:session","object":"other:session:x"},
          {"subject":"<ns:event:e1>","predicate":"ns:event:type","object":"tool_call"},
          {"subject":"ns:event:e2","predicate":"ns:event:type","object":"tool_call"},
          {"subject":"ns:event:e\u0033","predicate":"ns:event:type","object":"escaped subject"},
          {"subject": "ns:event:e4","predicate":"ns:event:type","object":"spaced"},
          {"subject":"ns:session:exp-9","predicate":"ns:session:status","object":"active"},
          {"subject":"ns:event:e5","predicate":"ns:event:session","object":{"node":"ns:session:exp-9"}},
          {"subject":"ns:event:e6","predicate":"ns:event:note","object":"says \"subject\":\"ns:event:e1\" in its text"}
        ]}
        """;

    [Fact]
    public void ASubjectSieveKeepsTheWantedSubjectsAndParsesWhatItCannotReadSimply()
    {
        var sieve = TripleSieve.WithSubjects(new[] { "ns:event:e1", "ns:event:e3", "ns:event:e4" });
        var parsed = 0;

        var (kept, seen, _) = Read(sieve, t => { parsed++; return true; });

        Assert.Equal(8, seen);
        // e1 (bracketed) is kept; e3 (escaped) and e4 (spaced) cannot be read by bytes, so they are parsed; the rest,
        // including a text that quotes a wanted subject, are stepped over.
        Assert.Equal(new[] { "ns:event:e1", "ns:event:e3", "ns:event:e4" }, kept.Select(t => t.Subject));
        Assert.Equal(3, parsed);
    }

    [Fact]
    public void AContainingSieveKeepsEveryTripleThatNamesTheText()
    {
        var (kept, seen, _) = Read(TripleSieve.Containing("exp-9"), t => true);

        Assert.Equal(8, seen);
        Assert.Equal(new[] { "ns:session:exp-9", "ns:event:e5" }, kept.Select(t => t.Subject));
    }

    [Theory]
    [InlineData("exp 9")]
    [InlineData("caf\u00e9")]
    [InlineData("a+b")]
    [InlineData("a\"b")]
    [InlineData("")]
    public void NoSieveIsMadeForATextAWriterCouldEscape(string text)
    {
        Assert.Null(TripleSieve.Containing(text));
        Assert.Null(TripleSieve.WithSubjects(new[] { "ns:event:e1", text }));
    }

    [Fact]
    public void WithoutASieveEveryTripleIsParsed()
    {
        var (kept, seen, _) = Read(null, t => true);

        Assert.Equal(8, seen);
        Assert.Equal(8, kept.Count);
    }

    private static (System.Collections.Generic.List<CortexTriple> Kept, long Seen, long? Total) Read(TripleSieve? sieve, System.Func<CortexTriple, bool> keep)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Listing), writable: false);
        return ListingReader.Triples(stream, long.MaxValue, keep, sieve);
    }
}
