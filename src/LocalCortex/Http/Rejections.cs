using System;

namespace LocalCortex.Http;

/// <summary>An error Cortex answers with its JSON body: {"error": "...", "code": "..."}.</summary>
public sealed class ApiErrorException : Exception
{
    public ApiErrorException(int status, string code, string message)
        : base(message)
    {
        Status = status;
        Code = code;
    }

    public int Status { get; }

    public string Code { get; }

    public static ApiErrorException InvalidInput(string detail) => new(400, "INVALID_INPUT", "Invalid input: " + detail);

    /// <summary>Cortex's NotFound for anything else (a DAG action): the variant's prefix is the same.</summary>
    public static ApiErrorException NotFoundText(string detail) => new(404, "NOT_FOUND", "Triple not found: " + detail);

    public static ApiErrorException NotFound(string idHex) => new(404, "NOT_FOUND", $"Triple not found: Triple {idHex} not found");

    public static ApiErrorException Forbidden(string detail) => new(403, "FORBIDDEN", "Not authorized: " + detail);

    public static ApiErrorException Duplicate(string idHex) => new(500, "GRAPH_ERROR", $"Graph error: duplicate: triple {idHex[..16]} already exists");

    public static ApiErrorException Internal(string detail) => new(500, "INTERNAL_ERROR", "Internal error: " + detail);
}

/// <summary>A rejection made by the HTTP framework itself (axum in Cortex): plain text, or no body at all.</summary>
public sealed class RejectionException : Exception
{
    public RejectionException(int status, string? text)
        : base(text ?? string.Empty)
    {
        Status = status;
        Text = text;
    }

    public int Status { get; }

    /// <summary>The plain-text body; null for the empty-bodied 404 and 405.</summary>
    public string? Text { get; }

    public static RejectionException MalformedJson(string detail) => new(400, "Failed to parse the request body as JSON: " + detail);

    public static RejectionException WrongShape(string detail) => new(422, "Failed to deserialize the JSON body into the target type: " + detail);

    public static RejectionException UnsupportedMediaType() => new(415, "Expected request with `Content-Type: application/json`");

    public static RejectionException TooLarge() => new(413, "Failed to buffer the request body: length limit exceeded");

    public static RejectionException BadQuery(string detail) => new(400, "Failed to deserialize query string: " + detail);
}
