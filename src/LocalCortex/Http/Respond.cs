using System;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace LocalCortex.Http;

/// <summary>Writes responses: JSON (streamed for long lists), Cortex's JSON errors, and axum's plain-text rejections.</summary>
public static class Respond
{
    private const int FlushEvery = 2000;

    /// <summary>serde_json escapes only quotes, backslashes and control characters; so does this.</summary>
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task Json(HttpContext http, int status, Action<Utf8JsonWriter> write)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(http.Response.BodyWriter, WriterOptions);
        write(writer);
        await writer.FlushAsync();
    }

    /// <summary>Streams a JSON body, handing the writer a callback that pushes what is written so far to the client.</summary>
    public static async Task JsonStream(HttpContext http, int status, Func<Utf8JsonWriter, Func<int, ValueTask>, Task> write)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(http.Response.BodyWriter, WriterOptions);
        async ValueTask MaybeFlush(int written)
        {
            if (written % FlushEvery == 0)
            {
                writer.Flush();
                await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
            }
        }

        await write(writer, MaybeFlush);
        await writer.FlushAsync();
    }

    public static Task Error(HttpContext http, ApiErrorException error) => Json(http, error.Status, w =>
    {
        w.WriteStartObject();
        w.WriteString("error", error.Message);
        w.WriteString("code", error.Code);
        w.WriteEndObject();
    });

    public static async Task Text(HttpContext http, int status, string? text)
    {
        http.Response.StatusCode = status;
        if (text is not null)
        {
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text));
        }
    }
}
