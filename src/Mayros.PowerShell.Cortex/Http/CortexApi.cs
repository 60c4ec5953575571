using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading;
using Mayros.PowerShell.Cortex.Json;
using RestSharp;

namespace Mayros.PowerShell.Cortex.Http
{
    /// <summary>
    /// One caller's view of Cortex: the shared transport plus this caller's log, token and cancellation. All calls
    /// block (the caller is a PowerShell pipeline thread) and log on the calling thread.
    /// </summary>
    public sealed class CortexApi : ICortexApi
    {
        private const string NoLimit = "2147483647";
        private const int DebugBodyChars = 2048;

        private readonly CortexTransport _transport;
        private readonly ICortexLog _log;
        private readonly Func<string?>? _token;
        private readonly CancellationToken _cancellation;

        /// <param name="token">Returns the bearer token only while a request is built; null or empty sends no header.</param>
        public CortexApi(CortexTransport transport, ICortexLog? log, Func<string?>? token, CancellationToken cancellation)
        {
            _transport = transport ?? throw new ArgumentNullException(nameof(transport));
            _log = log ?? NullCortexLog.Instance;
            _token = token;
            _cancellation = cancellation;
        }

        private enum RequestKind
        {
            Read,
            IdempotentWrite,
            Create,
            Delete,
        }

        public Uri Server => _transport.Current;

        public IReadOnlyList<CortexTriple> ListTriples(string? subject, string? predicate)
        {
            var query = new StringBuilder("?");
            if (subject != null)
            {
                query.Append("subject=").Append(Uri.EscapeDataString(subject)).Append('&');
            }

            if (predicate != null)
            {
                query.Append("predicate=").Append(Uri.EscapeDataString(predicate)).Append('&');
            }

            query.Append("limit=").Append(NoLimit);
            var response = Send("GET", "/api/v1/triples", query.ToString(), null, RequestKind.Read);
            List<CortexTriple> triples;
            long? total;
            try
            {
                triples = ListingReader.Triples(response.Bytes, out total);
            }
            catch (Exception ex) when (ex is JsonException || ex is ShapeException)
            {
                throw Invalid(response, ex.Message, ex);
            }

            if (total > triples.Count)
            {
                throw Invalid(response, $"it returned {triples.Count:N0} of {total:N0} matching triples; the module needs every match in one answer to count exactly");
            }

            LogCall(response, $"{triples.Count:N0} triples");
            return triples;
        }

        public IReadOnlyList<CortexEvent> ListEvents(string @namespace)
        {
            var response = Send("GET", "/api/v1/events", "?namespace=" + Uri.EscapeDataString(@namespace) + "&limit=" + NoLimit, null, RequestKind.Read);
            List<CortexEvent> events;
            try
            {
                events = ListingReader.Events(response.Bytes);
            }
            catch (Exception ex) when (ex is JsonException || ex is ShapeException)
            {
                throw Invalid(response, ex.Message, ex);
            }

            LogCall(response, $"{events.Count:N0} events");
            return events;
        }

        public CortexWritePlan PlanTriples(IReadOnlyList<CortexTripleInput> rows)
        {
            var rowJson = new RowWriter();
            foreach (var row in rows)
            {
                rowJson.Row(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("subject", row.Subject);
                    w.WriteString("predicate", row.Predicate);
                    w.WritePropertyName("object");
                    JsonText.WriteValue(w, row.Object);
                    w.WriteEndObject();
                });
            }

            return Plan("/api/v1/triples/batch", "triples", Encoding.UTF8.GetBytes("{\"triples\":["), rowJson, i => $"The triple ({rows[i].Subject} {rows[i].Predicate})");
        }

        public CortexWritePlan PlanEvents(string @namespace, IReadOnlyList<CortexEvent> events)
        {
            var rowJson = new RowWriter();
            foreach (var e in events)
            {
                rowJson.Row(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("id", e.Id);
                    w.WriteString("event_type", e.Type);
                    w.WriteString("agent_id", e.Agent);
                    w.WriteString("timestamp", e.Timestamp);
                    if (e.Session != null)
                    {
                        w.WriteString("session", e.Session);
                    }

                    if (e.ParentEvent != null)
                    {
                        w.WriteString("parent_event", e.ParentEvent);
                    }

                    if (e.DurationMs != null)
                    {
                        w.WriteNumber("duration_ms", e.DurationMs.Value);
                    }

                    w.WriteStartObject("fields");
                    foreach (var field in e.Fields)
                    {
                        w.WriteString(field.Key, field.Value);
                    }

                    w.WriteEndObject();
                    w.WriteEndObject();
                });
            }

            var envelope = JsonText.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("namespace", @namespace);
                w.WriteEndObject();
            });

            // {"namespace":"ns"} -> {"namespace":"ns","events":[
            var prefix = Encoding.UTF8.GetBytes(JsonText.Utf8(envelope).TrimEnd('}') + ",\"events\":[");
            return Plan("/api/v1/events", "events", prefix, rowJson, i => $"Event '{events[i].Id}'");
        }

        public CortexWriteResult Write(CortexWritePlan plan, Action<CortexWriteProgress>? progress = null)
        {
            var duplicates = 0;
            var rowsDone = 0;
            for (var i = 0; i < plan.Requests.Count; i++)
            {
                var (body, rows) = plan.Requests[i];
                var response = Send("POST", plan.Path, null, body, RequestKind.IdempotentWrite);
                using (var document = Parse(response))
                {
                    var root = RequireObject(response, document.RootElement);
                    if (plan.What == "triples")
                    {
                        duplicates += RequireInt(response, root, "duplicates");
                        LogCall(response, $"{rows:N0} rows, {RequireInt(response, root, "duplicates"):N0} already stored");
                    }
                    else
                    {
                        LogCall(response, $"{RequireInt(response, root, "stored"):N0} events");
                    }
                }

                rowsDone += rows;
                progress?.Invoke(new CortexWriteProgress(i + 1, plan.Requests.Count, rowsDone, plan.Rows));
            }

            return new CortexWriteResult(plan.Requests.Count, plan.Rows, duplicates);
        }

        public CreateOutcome CreateTriple(CortexTripleInput row)
        {
            var body = JsonText.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("subject", row.Subject);
                w.WriteString("predicate", row.Predicate);
                w.WritePropertyName("object");
                JsonText.WriteValue(w, row.Object);
                w.WriteEndObject();
            });
            var response = Send("POST", "/api/v1/triples", null, body, RequestKind.Create);
            if (response.Status == 201)
            {
                LogCall(response, "created");
                return CreateOutcome.Created;
            }

            LogCall(response, "already stored");
            return response.InDoubt ? CreateOutcome.ExistedAfterUncertainAttempt : CreateOutcome.AlreadyExisted;
        }

        public DeleteOutcome DeleteTriple(string id)
        {
            var response = Send("DELETE", "/api/v1/triples/" + Uri.EscapeDataString(id), null, null, RequestKind.Delete);
            if (response.Status == 404)
            {
                LogCall(response, response.InDoubt ? "gone (an earlier attempt deleted it)" : "not found");
                return response.InDoubt ? DeleteOutcome.Deleted : DeleteOutcome.NotFound;
            }

            LogCall(response, null);
            return DeleteOutcome.Deleted;
        }

        public string GetHealth()
        {
            var response = Send("GET", "/api/v1/health", null, null, RequestKind.Read);
            using var document = Parse(response);
            var root = RequireObject(response, document.RootElement);
            var status = root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : throw Invalid(response, "'status' is missing");
            LogCall(response, status);
            return status;
        }

        /// <summary>Packs the rows into request bodies: prefix, rows separated by commas, "]}", each at most the body limit.</summary>
        private CortexWritePlan Plan(string path, string what, byte[] prefix, RowWriter rows, Func<int, string> describe)
        {
            var limit = _transport.Options.MaxBodyBytes;
            var suffix = Encoding.UTF8.GetBytes("]}");
            var data = rows.Bytes;
            var requests = new List<(byte[], int)>();
            var first = 0;
            var size = prefix.Length + suffix.Length;
            for (var i = 0; i < rows.Count; i++)
            {
                var (_, length) = rows.Span(i);
                if (prefix.Length + suffix.Length + length > limit)
                {
                    throw new CortexRequestTooLargeException(describe(i), length, limit);
                }

                var added = length + (i > first ? 1 : 0);
                if (size + added > limit)
                {
                    requests.Add((Join(prefix, data, rows, first, i, suffix), i - first));
                    first = i;
                    size = prefix.Length + suffix.Length;
                    added = length;
                }

                size += added;
            }

            if (rows.Count > first)
            {
                requests.Add((Join(prefix, data, rows, first, rows.Count, suffix), rows.Count - first));
            }

            return new CortexWritePlan(path, what, requests, rows.Count);
        }

        private static byte[] Join(byte[] prefix, byte[] data, RowWriter rows, int from, int to, byte[] suffix)
        {
            var length = prefix.Length + suffix.Length + Math.Max(0, to - from - 1);
            for (var i = from; i < to; i++)
            {
                length += rows.Span(i).Length;
            }

            var body = new byte[length];
            Buffer.BlockCopy(prefix, 0, body, 0, prefix.Length);
            var offset = prefix.Length;
            for (var i = from; i < to; i++)
            {
                if (i > from)
                {
                    body[offset++] = (byte)',';
                }

                var (start, count) = rows.Span(i);
                Buffer.BlockCopy(data, start, body, offset, count);
                offset += count;
            }

            Buffer.BlockCopy(suffix, 0, body, offset, suffix.Length);
            return body;
        }

        /// <summary>Serialises many rows with one writer into one buffer, remembering where each row is.</summary>
        private sealed class RowWriter
        {
            private readonly System.IO.MemoryStream _stream = new System.IO.MemoryStream();
            private readonly Utf8JsonWriter _writer;
            private readonly List<(int Start, int Length)> _spans = new List<(int, int)>();
            private byte[]? _bytes;

            public RowWriter()
            {
                _writer = new Utf8JsonWriter(_stream, new JsonWriterOptions { Encoder = JsonText.WriterOptions.Encoder, SkipValidation = true });
            }

            public int Count => _spans.Count;

            public byte[] Bytes => _bytes ??= Finish();

            public void Row(Action<Utf8JsonWriter> write)
            {
                var start = (int)_stream.Length;
                write(_writer);
                _writer.Flush();
                _spans.Add((start, (int)_stream.Length - start));

                // Each row is a JSON value of its own: without a reset the writer would open the next with a comma.
                _writer.Reset();
            }

            public (int Start, int Length) Span(int index) => _spans[index];

            private byte[] Finish()
            {
                _writer.Flush();
                _writer.Dispose();
                return _stream.GetBuffer();
            }
        }

        /// <summary>
        /// Sends one request, retrying what a retry can fix: timeouts, dropped connections, 5xx and "Not leader" (with
        /// back-off), 429 (after Retry-After), and a follower's 307 (re-sent to the leader at the same path).
        /// </summary>
        private Response Send(string method, string path, string? query, byte[]? body, RequestKind kind)
        {
            if (_transport.NeedsClusterCheck)
            {
                FindLeader();
            }

            var options = _transport.Options;
            var attempt = 0;
            var redirects = 0;
            var rateLimitWait = TimeSpan.Zero;
            var inDoubt = false;
            var display = method + " " + Redactor.Query(path + (query ?? string.Empty));
            while (true)
            {
                _cancellation.ThrowIfCancellationRequested();
                attempt++;
                var server = _transport.Current;
                var request = new RestRequest(path + (query ?? string.Empty), ToMethod(method)) { Timeout = options.Timeout };
                string? token = null;
                if (_token != null)
                {
                    token = _token();
                    if (!string.IsNullOrEmpty(token))
                    {
                        request.AddHeader("Authorization", "Bearer " + token);
                    }
                }

                if (body != null)
                {
                    // The bytes as they are, with Content-Type: application/json (Cortex answers 415 without it).
                    request.AddParameter(new BodyParameter(body, ContentType.Json, DataFormat.Binary));
                }

                // Take the body as bytes (RestSharp would also decode it into a string nobody reads), up to the cap.
                byte[]? answer = null;
                var cap = options.MaxResponseBytes;
                request.ResponseWriter = stream =>
                {
                    answer = ReadCapped(stream, cap);
                    return null;
                };

                DebugRequest(server, display, token, body);
                var watch = Stopwatch.StartNew();
                RestResponse response;
                try
                {
                    response = _transport.ClientFor(server).ExecuteAsync(request, _cancellation).GetAwaiter().GetResult();
                }
                finally
                {
                    token = null;
                }

                watch.Stop();
                _cancellation.ThrowIfCancellationRequested();

                if (TooLarge(response.ErrorException))
                {
                    throw new CortexResponseInvalidException(
                        $"Cortex at {Authority(server)} answered {display} with more than {options.MaxResponseBytes:N0} bytes, which the module will not read.", server, response.ErrorException);
                }

                if (response.ResponseStatus == ResponseStatus.TimedOut || (response.ResponseStatus != ResponseStatus.Completed && IsTimeout(response.ErrorException)))
                {
                    _log.Verbose($"{display} -> no answer within {Seconds(options.Timeout)} (attempt {attempt} of {options.MaxAttempts})");
                    inDoubt |= kind != RequestKind.Read;
                    if (attempt < options.MaxAttempts)
                    {
                        Backoff(attempt);
                        continue;
                    }

                    throw new CortexTimeoutException(
                        $"Cortex at {Authority(server)} did not answer {display} within {Seconds(options.Timeout)}, {attempt} times.", server, options.Timeout);
                }

                if (response.ResponseStatus != ResponseStatus.Completed || response.StatusCode == 0)
                {
                    var reason = NetworkReason(response.ErrorException);
                    _log.Verbose($"{display} -> no response from {Authority(server)}: {reason} (attempt {attempt} of {options.MaxAttempts})");
                    inDoubt |= kind != RequestKind.Read && !NeverSent(response.ErrorException);
                    if (options.Endpoints.Count > 1)
                    {
                        _transport.Rotate(server);
                    }

                    if (attempt < options.MaxAttempts)
                    {
                        Backoff(attempt);
                        continue;
                    }

                    var tried = options.Endpoints.Count > 1 ? "any of " + string.Join(", ", options.Endpoints.Select(Authority)) : Authority(server);
                    throw new CortexUnreachableException($"Cannot reach Cortex at {tried}: {reason}.", server, response.ErrorException);
                }

                var status = (int)response.StatusCode;
                var bytes = answer ?? response.RawBytes ?? Array.Empty<byte>();
                DebugResponse(response, bytes, status, watch.ElapsedMilliseconds);

                if (status == 307 || status == 308)
                {
                    var location = Header(response, "Location");
                    if (location == null || !Uri.TryCreate(location, UriKind.Absolute, out var leader) || ++redirects > 3)
                    {
                        throw Invalid(new Response(server, status, response, bytes, watch.ElapsedMilliseconds, inDoubt, display), "it redirected without a usable Location (or more than 3 times)");
                    }

                    // A follower names only scheme, host and port: keep the original path and query.
                    var leaderBase = new Uri(leader.GetLeftPart(UriPartial.Authority));
                    _log.Verbose($"{display} -> {status} from follower {Authority(server)}; re-sending to leader {Authority(leaderBase)}");
                    _transport.UseLeader(leaderBase);
                    attempt--;
                    continue;
                }

                if (status == 429)
                {
                    var wait = RetryAfter(response);
                    if (rateLimitWait + wait > options.MaxRateLimitWait)
                    {
                        throw new CortexRateLimitedException(
                            $"Cortex at {Authority(server)} kept answering 429 Too Many Requests to {display} for {Seconds(rateLimitWait)}; it allows 100 requests a minute per client.", server, wait);
                    }

                    _log.Verbose($"{display} -> 429 Too Many Requests; waiting {Seconds(wait)} as Retry-After asks");
                    rateLimitWait += wait;
                    Wait(wait);
                    attempt--;
                    continue;
                }

                var result = new Response(server, status, response, bytes, watch.ElapsedMilliseconds, inDoubt, display);
                if (status >= 500 || status == 408)
                {
                    var (code, message) = ReadError(bytes);
                    if (kind == RequestKind.Create && code == "GRAPH_ERROR" && message != null && message.IndexOf("duplicate", StringComparison.OrdinalIgnoreCase) >= 0)
                    {
                        return result;
                    }

                    var notLeader = message != null && message.IndexOf("Not leader", StringComparison.OrdinalIgnoreCase) >= 0;
                    _log.Verbose($"{display} -> {status} {response.StatusDescription}{(code == null ? string.Empty : " " + code)} ({watch.ElapsedMilliseconds} ms, attempt {attempt} of {options.MaxAttempts})");
                    inDoubt |= kind != RequestKind.Read && !notLeader;
                    if (notLeader && options.Endpoints.Count > 1)
                    {
                        _transport.Rotate(server);
                    }

                    if (attempt < options.MaxAttempts)
                    {
                        Backoff(attempt);
                        continue;
                    }

                    throw new CortexApiException(status, response.StatusDescription ?? string.Empty, method, path, code, message, server);
                }

                if (status >= 400)
                {
                    if (kind == RequestKind.Delete && status == 404)
                    {
                        return result;
                    }

                    var (code, message) = ReadError(bytes);
                    _log.Verbose($"{display} -> {status} {response.StatusDescription} ({watch.ElapsedMilliseconds} ms)");
                    throw new CortexApiException(status, response.StatusDescription ?? string.Empty, method, path, code, message, server);
                }

                if (status < 200 || status >= 300)
                {
                    throw Invalid(result, $"it answered with status {status}");
                }

                return result;
            }
        }

        /// <summary>
        /// Asks the configured endpoints, in turn, for GET /api/v1/cluster/status until one knows the leader (or says it
        /// is standalone). An endpoint that is down, or a cluster in an election, moves on to the next one.
        /// </summary>
        private void FindLeader()
        {
            var options = _transport.Options;
            var problems = new List<string>();
            for (var round = 0; round < options.MaxAttempts; round++)
            {
                for (var i = 0; i < options.Endpoints.Count; i++)
                {
                    _cancellation.ThrowIfCancellationRequested();
                    var endpoint = _transport.EndpointAt(i);
                    var request = new RestRequest("/api/v1/cluster/status", Method.Get) { Timeout = options.Timeout };
                    var token = _token?.Invoke();
                    if (!string.IsNullOrEmpty(token))
                    {
                        request.AddHeader("Authorization", "Bearer " + token);
                    }

                    var watch = Stopwatch.StartNew();
                    var response = _transport.ClientFor(endpoint).ExecuteAsync(request, _cancellation).GetAwaiter().GetResult();
                    _cancellation.ThrowIfCancellationRequested();
                    if (response.StatusCode == 0 || response.ResponseStatus != ResponseStatus.Completed)
                    {
                        problems.Add($"{Authority(endpoint)}: {NetworkReason(response.ErrorException)}");
                        _log.Verbose($"GET /api/v1/cluster/status -> no response from {Authority(endpoint)}: {NetworkReason(response.ErrorException)}");
                        continue;
                    }

                    _log.Verbose($"GET /api/v1/cluster/status -> {(int)response.StatusCode} {response.StatusDescription} from {Authority(endpoint)} ({watch.ElapsedMilliseconds} ms)");
                    if ((int)response.StatusCode != 200)
                    {
                        problems.Add($"{Authority(endpoint)}: {(int)response.StatusCode}");
                        continue;
                    }

                    string? role = null;
                    string? leader = null;
                    try
                    {
                        using var document = JsonDocument.Parse(response.RawBytes ?? Array.Empty<byte>());
                        var root = document.RootElement;
                        role = root.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
                        leader = root.TryGetProperty("leader_addr", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
                    }
                    catch (JsonException)
                    {
                        problems.Add($"{Authority(endpoint)}: not Cortex's cluster status");
                        continue;
                    }

                    if (string.Equals(role, "standalone", StringComparison.OrdinalIgnoreCase))
                    {
                        _log.Verbose($"Cortex at {Authority(endpoint)} is standalone; using it.");
                        _transport.ClusterFound(null, endpoint);
                        return;
                    }

                    if (leader != null)
                    {
                        var leaderUri = LeaderUri(leader, endpoint);
                        _log.Verbose($"Cortex cluster: {Authority(endpoint)} is a {role}; the leader is {Authority(leaderUri)}. Reads and writes go to the leader, since Cortex replicates neither batch nor event writes.");
                        _transport.ClusterFound(leaderUri, endpoint);
                        return;
                    }

                    problems.Add($"{Authority(endpoint)}: {role ?? "a node"} with no leader known");
                }

                Backoff(round + 1);
            }

            throw new CortexUnreachableException(
                $"No leader was found among the Cortex nodes {string.Join(", ", options.Endpoints.Select(Authority))} ({string.Join("; ", problems)}).",
                options.Endpoints[0],
                null);
        }

        /// <summary>The leader's address as the cluster gives it (host:port); a wildcard bind address means the node asked's host.</summary>
        private static Uri LeaderUri(string address, Uri askedNode)
        {
            var uri = new Uri("http://" + address);
            var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? askedNode.Host : uri.Host;
            return new UriBuilder(askedNode.Scheme, host, uri.Port).Uri;
        }

        private void LogCall(Response response, string? summary)
        {
            var detail = summary == null ? string.Empty : ", " + summary;
            _log.Verbose($"{response.Display} -> {response.Status} {response.Raw.StatusDescription} ({response.Milliseconds} ms{detail})");
        }

        private void DebugRequest(Uri server, string display, string? token, byte[]? body)
        {
            if (!_log.IsDebugEnabled)
            {
                return;
            }

            var text = new StringBuilder();
            text.Append("Request: ").Append(display).Append(" to ").Append(Authority(server));
            text.Append("\n  User-Agent: ").Append(_transport.Options.UserAgent);
            if (!string.IsNullOrEmpty(token))
            {
                text.Append("\n  Authorization: ").Append(Redactor.Header("Authorization", token));
            }

            if (body != null)
            {
                text.Append("\n  Content-Type: application/json");
                text.Append("\n  Body (").Append(body.Length.ToString("N0", CultureInfo.InvariantCulture)).Append(" bytes): ");
                text.Append(Redactor.Body(Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, DebugBodyChars * 4)), DebugBodyChars, token, body.Length));
            }

            _log.Debug(text.ToString());
        }

        private void DebugResponse(RestResponse response, byte[] bytes, int status, long milliseconds)
        {
            if (!_log.IsDebugEnabled)
            {
                return;
            }

            var text = new StringBuilder();
            text.Append("Response: ").Append(status).Append(' ').Append(response.StatusDescription).Append(" (").Append(milliseconds).Append(" ms)");
            foreach (var header in (response.Headers ?? Array.Empty<HeaderParameter>()).Concat(response.ContentHeaders ?? Array.Empty<HeaderParameter>()))
            {
                text.Append("\n  ").Append(header.Name).Append(": ").Append(Redactor.Header(header.Name!, header.Value?.ToString()));
            }

            text.Append("\n  Body (").Append(bytes.Length.ToString("N0", CultureInfo.InvariantCulture)).Append(" bytes): ");
            text.Append(Redactor.Body(Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, DebugBodyChars * 4)), DebugBodyChars, null, bytes.Length));
            _log.Debug(text.ToString());
        }

        private void Backoff(int attempt)
        {
            var delay = TimeSpan.FromMilliseconds(_transport.Options.RetryDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
            Wait(delay);
        }

        private void Wait(TimeSpan delay)
        {
            if (delay > TimeSpan.Zero && _cancellation.WaitHandle.WaitOne(delay))
            {
                _cancellation.ThrowIfCancellationRequested();
            }
        }

        private static TimeSpan RetryAfter(RestResponse response)
        {
            var value = Header(response, "Retry-After");
            if (value != null && int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(Math.Max(1, seconds));
            }

            if (value != null && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
            {
                var wait = when - DateTimeOffset.UtcNow;
                return wait > TimeSpan.FromSeconds(1) ? wait : TimeSpan.FromSeconds(1);
            }

            return TimeSpan.FromSeconds(1);
        }

        private static string? Header(RestResponse response, string name)
        {
            foreach (var header in response.Headers ?? Array.Empty<HeaderParameter>())
            {
                if (string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return header.Value?.ToString();
                }
            }

            return null;
        }

        /// <summary>Cortex's error: JSON {"error","code"}, a framework's plain text, or nothing.</summary>
        private static (string? Code, string? Message) ReadError(byte[] bytes)
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
                }
            }

            return (null, text.Length > 500 ? text.Substring(0, 500) + "..." : text);
        }

        private static JsonDocument Parse(Response response)
        {
            try
            {
                return JsonDocument.Parse(response.Bytes);
            }
            catch (JsonException ex)
            {
                throw Invalid(response, "its body is not JSON (" + ex.Message + ")", ex);
            }
        }

        private static JsonElement RequireObject(Response response, JsonElement element) =>
            element.ValueKind == JsonValueKind.Object ? element : throw Invalid(response, $"the body is a JSON {element.ValueKind}, not an object");

        private static JsonElement RequireArray(Response response, JsonElement root, string name) =>
            root.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
                ? array
                : throw Invalid(response, $"'{name}' is not an array");

        private static int RequireInt(Response response, JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.TryGetInt32(out var number)
                ? number
                : throw Invalid(response, $"'{name}' is not a number");

        private static CortexResponseInvalidException Invalid(Response response, string problem, Exception? inner = null) =>
            new CortexResponseInvalidException(
                $"Cortex at {Authority(response.Server)} answered {response.Display} in a shape its API does not have: {problem}.", response.Server, inner);

        private static Method ToMethod(string method) => method switch
        {
            "GET" => Method.Get,
            "POST" => Method.Post,
            "DELETE" => Method.Delete,
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unsupported method."),
        };

        private static bool IsTimeout(Exception? exception)
        {
            for (var e = exception; e != null; e = e.InnerException)
            {
                if (e is TimeoutException || e is OperationCanceledException)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when the answer was cut off at the client's size cap.</summary>
        private static bool TooLarge(Exception? exception)
        {
            for (var e = exception; e != null; e = e.InnerException)
            {
                if (e is ResponseTooLargeException || e.Message.IndexOf("maximum buffer size", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Reads an answer's body, refusing to go past the cap.</summary>
        /// <summary>
        /// The whole body, up to the cap, in chunks that are copied once into an array of the exact size (a growing
        /// MemoryStream would copy a 25 MB listing three times over).
        /// </summary>
        private static byte[] ReadCapped(System.IO.Stream stream, long cap)
        {
            var chunks = new List<byte[]>();
            long total = 0;
            while (true)
            {
                var chunk = new byte[81920];
                var filled = 0;
                int read;
                while (filled < chunk.Length && (read = stream.Read(chunk, filled, chunk.Length - filled)) > 0)
                {
                    filled += read;
                }

                if (total + filled > cap)
                {
                    throw new ResponseTooLargeException();
                }

                total += filled;
                if (filled < chunk.Length)
                {
                    var body = new byte[total];
                    var at = 0;
                    foreach (var full in chunks)
                    {
                        Buffer.BlockCopy(full, 0, body, at, full.Length);
                        at += full.Length;
                    }

                    Buffer.BlockCopy(chunk, 0, body, at, filled);
                    return body;
                }

                chunks.Add(chunk);
            }
        }

        private sealed class ResponseTooLargeException : Exception
        {
            public ResponseTooLargeException()
                : base("The answer is larger than the module reads.")
            {
            }
        }

        /// <summary>True when the connection was never made, so the server cannot have applied the request.</summary>
        private static bool NeverSent(Exception? exception)
        {
            for (var e = exception; e != null; e = e.InnerException)
            {
                if (e is System.Net.Sockets.SocketException socket)
                {
                    return socket.SocketErrorCode == System.Net.Sockets.SocketError.ConnectionRefused
                        || socket.SocketErrorCode == System.Net.Sockets.SocketError.HostNotFound;
                }
            }

            return false;
        }

        private static string NetworkReason(Exception? exception)
        {
            for (var e = exception; e != null; e = e.InnerException)
            {
                if (e is System.Net.Sockets.SocketException socket)
                {
                    return socket.SocketErrorCode switch
                    {
                        System.Net.Sockets.SocketError.ConnectionRefused => "connection refused",
                        System.Net.Sockets.SocketError.ConnectionReset => "connection reset",
                        System.Net.Sockets.SocketError.HostNotFound => "host not found",
                        System.Net.Sockets.SocketError.TimedOut => "connection timed out",
                        _ => socket.Message,
                    };
                }
            }

            for (var e = exception; e != null; e = e.InnerException)
            {
                if (e.InnerException == null)
                {
                    return e.Message.TrimEnd('.');
                }
            }

            return "no response";
        }

        private static string Authority(Uri server) => server.GetLeftPart(UriPartial.Authority);

        private static string Seconds(TimeSpan span) => span.TotalSeconds < 10
            ? span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s"
            : span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s";

        private sealed class Response
        {
            public Response(Uri server, int status, RestResponse raw, byte[] bytes, long milliseconds, bool inDoubt, string display)
            {
                Server = server;
                Status = status;
                Raw = raw;
                Bytes = bytes;
                Milliseconds = milliseconds;
                InDoubt = inDoubt;
                Display = display;
            }

            public Uri Server { get; }

            public int Status { get; }

            public RestResponse Raw { get; }

            /// <summary>The answer's body.</summary>
            public byte[] Bytes { get; }

            public long Milliseconds { get; }

            /// <summary>An earlier attempt of this write may have been applied (it timed out or lost its connection).</summary>
            public bool InDoubt { get; }

            public string Display { get; }
        }
    }
}
