using System;
using System.Collections.Generic;
using System.Linq;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Cortex.Http;

namespace Mayros.PowerShell.Tests.Logic;

/// <summary>The Cortex client against a local Cortex: names unbracketed, values typed, bodies under 1 MiB, faults handled.</summary>
public sealed class CortexClientTests : IClassFixture<LocalServer>
{
    private readonly LocalServer _local;

    public CortexClientTests(LocalServer local) => _local = local;

    private static string Unique(string name) => name + "-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public void ListsWithNamesUnbracketedAndValuesTyped()
    {
        var (api, log) = _local.Client();
        var subject = Unique("ex:s");
        api.Write(api.PlanTriples(new[]
        {
            new CortexTripleInput(subject, "ex:int", CortexValue.FromInteger(1)),
            new CortexTripleInput(subject, "ex:float", CortexValue.FromFloat(1.0)),
            new CortexTripleInput(subject, "ex:node", CortexValue.Node("ex:other")),
            new CortexTripleInput(subject, "ex:text", CortexValue.String("<not a node>")),
            new CortexTripleInput(subject, "ex:flag", CortexValue.FromBoolean(true)),
        }));

        var triples = api.ListTriples(subject, null).ToDictionary(t => t.Predicate, t => t);

        Assert.All(triples.Values, t => Assert.Equal(subject, t.Subject));
        Assert.Equal(CortexValue.FromInteger(1), triples["ex:int"].Object);
        Assert.Equal(CortexValue.FromFloat(1.0), triples["ex:float"].Object);
        Assert.Equal(CortexValue.Node("ex:other"), triples["ex:node"].Object);
        Assert.Equal(CortexValue.String("<not a node>"), triples["ex:text"].Object);
        Assert.Equal(CortexValue.FromBoolean(true), triples["ex:flag"].Object);
        Assert.All(triples.Values, t => Assert.Matches("^[0-9a-f]{64}$", t.Id));
        Assert.All(triples.Values, t => Assert.True(t.CreatedAt > DateTimeOffset.UtcNow.AddMinutes(-1)));
        Assert.Contains(log.VerboseLines, l => l.StartsWith("GET /api/v1/triples?subject=", StringComparison.Ordinal) && l.Contains("-> 200 OK (",
            StringComparison.Ordinal) && l.EndsWith(" ms, 5 triples)", StringComparison.Ordinal));
    }

    [Fact]
    public void ANameStoredWithBracketsComesBackAsStored()
    {
        var (api, _) = _local.Client();
        var subject = "<" + Unique("odd") + ">";
        api.CreateTriple(new CortexTripleInput(subject, "ex:p", CortexValue.String("v")));

        Assert.Equal(subject, Assert.Single(api.ListTriples(subject, null)).Subject);
    }

    [Fact]
    public void WritesAreSplitUnderOneMebibyteAndRepeatsAreSkipped()
    {
        var (api, _) = _local.Client();
        var subject = Unique("ex:bulk");
        var rows = Enumerable.Range(0, 30_000).Select(i => new CortexTripleInput(subject + i, "ex:p", CortexValue.String("value number " + i))).ToList();

        var plan = api.PlanTriples(rows);
        _local.Server.Requests.Clear();
        var first = api.Write(plan);
        var again = api.Write(plan);

        Assert.True(plan.RequestCount > 1);
        Assert.Equal(plan.RequestCount * 2, _local.Server.Requests.Snapshot().Count(r => r.Path == "/api/v1/triples/batch"));
        Assert.All(_local.Server.Requests.Snapshot(), r => Assert.True(r.BodyBytes <= 1024 * 1024, $"{r.BodyBytes} bytes"));
        Assert.Equal(0, first.Duplicates);
        Assert.Equal(30_000, again.Duplicates);
        Assert.Equal(30_000, api.ListTriples(null, "ex:p").Count(t => t.Subject.StartsWith(subject, StringComparison.Ordinal)));
    }

    [Fact]
    public void ARowThatCannotFitFailsBeforeAnythingIsSent()
    {
        var (api, _) = _local.Client();
        _local.Server.Requests.Clear();
        var rows = new[]
        {
            new CortexTripleInput(Unique("ex:ok"), "ex:p", CortexValue.String("small")),
            new CortexTripleInput(Unique("ex:huge"), "ex:p", CortexValue.String(new string('x', 1024 * 1024))),
        };

        var error = Assert.Throws<CortexRequestTooLargeException>(() => api.PlanTriples(rows));

        Assert.Contains("1,048,576", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _local.Server.Requests.Count);
    }

    [Fact]
    public void CreateIsATestAndSetAndDeleteReportsWhatHappened()
    {
        var (api, _) = _local.Client();
        var row = new CortexTripleInput(Unique("ex:c"), "ex:p", CortexValue.String("v"));

        Assert.Equal(CreateOutcome.Created, api.CreateTriple(row));
        Assert.Equal(CreateOutcome.AlreadyExisted, api.CreateTriple(row));
        var id = Assert.Single(api.ListTriples(row.Subject, null)).Id!;
        Assert.Equal(DeleteOutcome.Deleted, api.DeleteTriple(id));
        Assert.Equal(DeleteOutcome.NotFound, api.DeleteTriple(id));
    }

    [Fact]
    public void EventsRoundTripThroughTheEventsApi()
    {
        var (api, _) = _local.Client();
        var ns = "ns" + Guid.NewGuid().ToString("N")[..8];
        var fields = new Dictionary<string, string> { ["tool"] = "grep", ["note"] = "é \"quoted\"" };
        api.Write(api.PlanEvents(ns, new[] { new CortexEvent("e1", "tool_call", "a1", "2026-01-01T00:00:00.000Z", "s1", null, 42, fields) }));

        var e = Assert.Single(api.ListEvents(ns, EventSelection.All).Events);

        Assert.Equal(("e1", "tool_call", "a1", "s1", 42UL), (e.Id, e.Type, e.Agent, e.Session, e.DurationMs!.Value));
        Assert.Equal(fields, e.Fields.ToDictionary(f => f.Key, f => f.Value));
    }

    [Fact]
    public void AnUnreachableCortexFailsWithItsAddressAfterRetrying()
    {
        var port = FreePort();
        var options = new CortexClientOptions(new[] { new Uri($"http://127.0.0.1:{port}") }) { RetryDelay = TimeSpan.FromMilliseconds(10) };
        var log = new RecordingLog();
        var api = new CortexApi(new CortexTransport(options), log, null, default);

        var error = Assert.Throws<CortexUnreachableException>(() => api.ListEvents("mayros", EventSelection.All));

        Assert.Contains($"http://127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("connection refused", error.Message, StringComparison.Ordinal);
        // Four attempts of the request itself (after one look for the leader, which found no one either).
        Assert.Equal(4, log.VerboseLines.Count(l => l.Contains("no response", StringComparison.Ordinal) && !l.Contains("cluster/status", StringComparison.Ordinal)));
    }

    [Fact]
    public void HttpErrorsCarryCortexsCodeAndMessage()
    {
        var (api, _) = _local.Client();

        var error = Assert.Throws<CortexApiException>(() => api.CreateTriple(new CortexTripleInput(string.Empty, "p", CortexValue.String("v"))));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("POST", error.Method);
        Assert.Equal("/api/v1/triples", error.Path);
        Assert.Equal("INVALID_INPUT", error.ServerCode);
        Assert.Equal("Invalid input: Subject cannot be empty", error.ServerMessage);
    }

    [Fact]
    public void DebugShowsRedactedHeadersAndBodies()
    {
        var (api, log) = _local.Client(token: null);
        api.ListTriples("nothing-here", null);

        Assert.Contains(log.DebugLines, l => l.StartsWith("Request: GET /api/v1/triples?subject=nothing-here", StringComparison.Ordinal));
        Assert.Contains(log.DebugLines, l => l.StartsWith("Response: 200 OK", StringComparison.Ordinal) && l.Contains("X-RateLimit",
            StringComparison.Ordinal) == false && l.Contains("Body (", StringComparison.Ordinal));
        Assert.DoesNotContain(log.DebugLines, l => l.Contains("Authorization", StringComparison.Ordinal));
    }

    [Fact]
    public async System.Threading.Tasks.Task AnAnswerBeyondTheSizeCapIsRefusedNotRead()
    {
        await using var proxy = await Mayros.TestSupport.FaultProxy.StartAsync(_local.Server.BaseAddress);
        proxy.Plan = _ => Mayros.TestSupport.Fault.Malformed("{\"events\":[" + new string(' ', 2_000_000) + "]}");
        var options = new CortexClientOptions(new[] { proxy.Address }) { MaxResponseBytes = 1_000_000, MaxListingBytes = 1_000_000, RetryDelay = TimeSpan.FromMilliseconds(10) };
        var api = new CortexApi(new CortexTransport(options), null, null, default);

        var error = Assert.Throws<CortexResponseInvalidException>(() => api.ListEvents("mayros", EventSelection.All));

        Assert.Contains("more than 1,000,000 bytes", error.Message, StringComparison.Ordinal);
        Assert.Single(proxy.Seen, r => r.PathAndQuery.StartsWith("/api/v1/events", StringComparison.Ordinal)); // not retried
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>429 is waited out per Retry-After, and the wait is logged. Each test has a server (and a token bucket) of its own.</summary>
public sealed class RateLimitClientTests : RateLimitedServer
{

    [Fact]
    public async System.Threading.Tasks.Task RetryAfterIsHonoured()
    {
        // Empty the bucket with a plain HTTP client, so the module's client meets a 429 on its first request.
        using (var http = new System.Net.Http.HttpClient { BaseAddress = Server.BaseAddress })
        {
            while ((int)(await http.GetAsync("/api/v1/health")).StatusCode != 429)
            {
            }
        }

        var (api, log) = Client();
        var started = DateTime.UtcNow;

        Assert.Equal("healthy", api.GetHealth());

        Assert.Contains(log.VerboseLines, l => l.Contains("429 Too Many Requests; waiting 1 s as Retry-After asks", StringComparison.Ordinal));
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(0.9));
    }

    [Fact]
    public void ALimitTooLongToWaitOutIsAClearError()
    {
        var (api, _) = Client(o => o.MaxRateLimitWait = TimeSpan.Zero);

        var error = Record.Exception(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                api.GetHealth();
            }
        });

        var limited = Assert.IsType<CortexRateLimitedException>(error);
        Assert.Contains("100 requests a minute", limited.Message, StringComparison.Ordinal);
    }
}
