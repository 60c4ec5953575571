using System.Text.RegularExpressions;

namespace ModuleBuilder;

/// <summary>
/// Reads and stamps the single-quoted string values of a module manifest (.psd1) as text, the way the build keeps
/// them: <c>Key = 'value'</c>, where a value may span lines and a quote inside it is doubled.
/// </summary>
public static class ManifestText
{
    private const string QuotedValue = @"'(?<value>(?:[^']|'')*)'";

    /// <summary>The value of <paramref name="key"/>, its doubled quotes undone; empty when the key is not there.</summary>
    public static string Read(string manifest, string key)
    {
        var match = Regex.Match(manifest, @"\b" + key + @"\s*=\s*" + QuotedValue);
        return match.Success ? match.Groups["value"].Value.Replace("''", "'", System.StringComparison.Ordinal) : string.Empty;
    }

    /// <summary>The manifest with <paramref name="key"/>'s value replaced, its layout around the value kept.</summary>
    public static string Stamp(string manifest, string key, string value)
    {
        var quoted = value.Replace("'", "''", System.StringComparison.Ordinal);
        return Regex.Replace(manifest, @"\b(?<head>" + key + @"\s*=\s*)" + QuotedValue, m => m.Groups["head"].Value + "'" + quoted + "'");
    }
}
