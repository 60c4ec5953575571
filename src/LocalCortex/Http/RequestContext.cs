using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace LocalCortex.Http;

/// <summary>One request as a handler sees it: route values, query string, body, the JWT namespace, the response.</summary>
public sealed class RequestContext
{
    public const int MaxBodyBytes = 1024 * 1024;

    private Dictionary<string, string>? _query;

    public RequestContext(HttpContext http, IReadOnlyDictionary<string, string> route, string? jwtNamespace)
    {
        Http = http;
        Route = route;
        JwtNamespace = jwtNamespace;
    }

    public HttpContext Http { get; }

    public IReadOnlyDictionary<string, string> Route { get; }

    /// <summary>The namespace of a verified JWT, or null when the request is unscoped.</summary>
    public string? JwtNamespace { get; }

    /// <summary>
    /// Reads the JSON body the way axum's Json extractor does: 415 without a JSON content type, 413 over 1 MiB,
    /// 400 when the bytes are not JSON.
    /// </summary>
    public async Task<JsonElement> ReadJsonAsync()
    {
        var contentType = Http.Request.ContentType;
        if (contentType is null || !IsJson(contentType))
        {
            throw RejectionException.UnsupportedMediaType();
        }

        if (Http.Request.ContentLength > MaxBodyBytes)
        {
            throw RejectionException.TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await Http.Request.Body.ReadAsync(chunk, Http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw RejectionException.TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray());
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw RejectionException.MalformedJson(ex.Message);
        }
    }

    /// <summary>A query parameter, with serde_urlencoded's rule that a known field may appear only once.</summary>
    public string? Query(string name)
    {
        _query ??= ParseQuery(Http.Request.QueryString.Value);
        return _query.GetValueOrDefault(name);
    }

    /// <summary>An unsigned integer query parameter (usize): digits only, or the 400 query-string rejection.</summary>
    public long? QueryCount(string name)
    {
        var text = Query(name);
        if (text is null)
        {
            return null;
        }

        if (text.Length == 0)
        {
            throw RejectionException.BadQuery("cannot parse integer from empty string");
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                throw RejectionException.BadQuery("invalid digit found in string");
            }
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : long.MaxValue; // larger than any store: behaves as "no limit"
    }

    /// <summary>Declares which query fields this route knows, so repeats of them are rejected like serde does.</summary>
    public void KnownQueryFields(params string[] names)
    {
        _query ??= ParseQuery(Http.Request.QueryString.Value);
        foreach (var name in names)
        {
            if (_duplicates.Contains(name))
            {
                throw RejectionException.BadQuery($"duplicate field `{name}`");
            }
        }
    }

    private readonly HashSet<string> _duplicates = new(StringComparer.Ordinal);

    private Dictionary<string, string> ParseQuery(string? raw)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(raw))
        {
            return result;
        }

        foreach (var pair in raw.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = Decode(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? string.Empty : Decode(pair[(eq + 1)..]);
            if (!result.TryAdd(key, value))
            {
                _duplicates.Add(key);
            }
        }

        return result;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    private static bool IsJson(string contentType)
    {
        var mediaType = contentType.Split(';')[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }
}
