using System;
using System.Text;
using System.Text.Json;

namespace Mayros.PowerShell.Cortex.Http
{
    /// <summary>Cortex's error answers: its JSON {"error","code"}, a framework's plain text, or nothing at all.</summary>
    internal static class CortexErrorBody
    {
        private const int MaxTextChars = 500;

        /// <summary>The code (GRAPH_ERROR, INVALID_INPUT, ...) when the body is Cortex's JSON, and the message either way.</summary>
        public static (string? Code, string? Message) Read(byte[] bytes)
        {
            if (bytes.Length == 0)
            {
                return (null, null);
            }

            var text = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 4096)).Trim();
            if (text.StartsWith("{", StringComparison.Ordinal))
            {
                try
                {
                    using var document = JsonDocument.Parse(bytes);
                    var root = document.RootElement;
                    var code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                    var message = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                    return (code, message ?? text);
                }
                catch (JsonException)
                {
                    // Not JSON after all: fall through to the text.
                }
            }

            return (null, text.Length > MaxTextChars ? text.Substring(0, MaxTextChars) + "..." : text);
        }
    }
}
