using System.Collections.Generic;
using Mayros.PowerShell.Configuration;

namespace Mayros.PowerShell.Tests.Logic;

public sealed class Json5ReaderTests
{
    [Fact]
    public void ReadsJson5()
    {
        var text = """
            // a comment
            {
              unquoted: 'single',
              "quoted": "double\ttab",
              /* block */ trailing: [1, 2, 3,],
              hex: 0x1F, plus: +5, leading: .5, trailingDot: 5., inf: -Infinity,
              nested: { yes: true, no: false, nothing: null, },
              multi: 'one \
            two',
            }
            """;

        var root = Assert.IsType<Dictionary<string, object?>>(Json5Reader.Parse(text));

        Assert.Equal("single", root["unquoted"]);
        Assert.Equal("double\ttab", root["quoted"]);
        Assert.Equal(new List<object?> { 1.0, 2.0, 3.0 }, root["trailing"]);
        Assert.Equal(31.0, root["hex"]);
        Assert.Equal(5.0, root["plus"]);
        Assert.Equal(0.5, root["leading"]);
        Assert.Equal(5.0, root["trailingDot"]);
        Assert.Equal(double.NegativeInfinity, root["inf"]);
        var nested = Assert.IsType<Dictionary<string, object?>>(root["nested"]);
        Assert.Equal(true, nested["yes"]);
        Assert.Null(nested["nothing"]);
        Assert.Equal("one two", root["multi"]);
    }

    [Fact]
    public void ReadsPlainJson()
    {
        var root = Assert.IsType<Dictionary<string, object?>>(Json5Reader.Parse("{\"sessionKey\":\"s\",\"eventCount\":12,\"lastEventId\":null,\"u\":\"\\u00e9\"}"));

        Assert.Equal("s", root["sessionKey"]);
        Assert.Equal(12.0, root["eventCount"]);
        Assert.Null(root["lastEventId"]);
        Assert.Equal("é", root["u"]);
    }

    [Theory]
    [InlineData("{ a: 1 ", 1)]
    [InlineData("{\n  a: 1,\n  b: [1 2]\n}", 3)]
    [InlineData("{ 'a': }", 1)]
    [InlineData("[1,2] extra", 1)]
    [InlineData("{ a: 'unterminated }", 1)]
    public void ErrorsSayWhere(string text, int line)
    {
        var error = Assert.Throws<Json5Exception>(() => Json5Reader.Parse(text));

        Assert.Equal(line, error.Line);
        Assert.Contains($"line {line}", error.Message, System.StringComparison.Ordinal);
    }
}
