using System;
using System.Text;
using Mayros.PowerShell.Cortex;
using Mayros.PowerShell.Cortex.Http;

namespace Mayros.PowerShell.Tests.Logic;

/// <summary>
/// The request loop's decision, one answer at a time: a table of what Cortex (or the network) can do, and what the
/// client does next. No server: the classifier is a pure function.
/// </summary>
public sealed class AnswerClassifierTests
{
    private static readonly Uri Node = new("http://127.0.0.1:19090");
    private static readonly Uri OtherNode = new("http://127.0.0.1:19091");

    public static TheoryData<string, string, string, int, string, string?> Table() => new()
    {
        // answer, note, kind, attempt, step, failure (error id the user sees)
        { "200", "a success is accepted", "Read", 1, "Accept", null },
        { "201", "a created triple is accepted", "Create", 1, "Accept", null },
        { "204", "a delete's answer is accepted", "Delete", 1, "Accept", null },
        { "404", "a delete of a missing triple is done", "Delete", 1, "Accept", null },
        { "404", "a read of a missing route fails", "Read", 1, "Fail", nameof(CortexApiException) },
        { "400", "a rejected request is not retried", "IdempotentWrite", 1, "Fail", nameof(CortexApiException) },
        { "413", "a body over the limit is not retried", "IdempotentWrite", 1, "Fail", nameof(CortexApiException) },
        { "500", "a server error is retried", "Read", 1, "Retry", null },
        { "500", "until the last attempt", "Read", 4, "Fail", nameof(CortexApiException) },
        { "500 duplicate", "a duplicate single create counts as done", "Create", 1, "Accept", null },
        { "500 duplicate", "a duplicate row of a batch is still an error", "IdempotentWrite", 1, "Retry", null },
        { "500 not leader", "an election in progress is retried", "Create", 1, "Retry", null },
        { "408", "Cortex's own timeout is retried", "Read", 1, "Retry", null },
        { "429", "a rate limit is waited out", "IdempotentWrite", 4, "WaitOutRateLimit", null },
        { "307", "a follower's redirect is followed", "Create", 1, "FollowLeader", null },
        { "307 no location", "a redirect to nowhere fails", "Create", 1, "Fail", nameof(CortexResponseInvalidException) },
        { "302", "another 3xx is not Cortex's", "Read", 1, "Fail", nameof(CortexResponseInvalidException) },
        { "timeout", "no answer is retried", "Read", 1, "Retry", null },
        { "timeout", "until the last attempt", "Read", 4, "Fail", nameof(CortexTimeoutException) },
        { "refused", "a refused connection is retried", "IdempotentWrite", 1, "Retry", null },
        { "reset", "a dropped connection, at the last attempt, fails", "Read", 4, "Fail", nameof(CortexUnreachableException) },
        { "too large", "an answer over the cap is refused at once", "Read", 1, "Fail", nameof(CortexResponseInvalidException) },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void EachAnswerLeadsToOneStep(string answer, string note, string kind, int attempt, string expected, string? failure)
    {
        var step = AnswerClassifier.Classify(Make(answer), At(Enum.Parse<RequestKind>(kind), attempt));

        Assert.True(expected == step.Kind.ToString(), $"{note}: expected {expected}, got {step.Kind}");
        Assert.Equal(failure, step.Failure?.GetType().Name);
    }

    [Theory]
    [InlineData(1, 250)]
    [InlineData(2, 500)]
    [InlineData(3, 1000)]
    public void RetriesBackOffFromTheRetryDelayDoublingEachTime(int attempt, int milliseconds)
    {
        var step = AnswerClassifier.Classify(Make("500"), At(RequestKind.Read, attempt));

        Assert.Equal(StepKind.Retry, step.Kind);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), step.Delay);
        Assert.Contains($"attempt {attempt} of 4", step.Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("timeout", "Read", false)]
    [InlineData("timeout", "IdempotentWrite", true)]
    [InlineData("reset", "Create", true)]
    [InlineData("refused", "Create", false)] // never sent, so never applied
    [InlineData("500", "Delete", true)]
    [InlineData("500 not leader", "Create", false)] // a follower refused it
    public void AWriteWhoseFateIsUnknownIsMarkedInDoubt(string answer, string kind, bool inDoubt)
    {
        var request = At(Enum.Parse<RequestKind>(kind), 1);

        var after = request.After(AnswerClassifier.Classify(Make(answer), request));

        Assert.Equal(inDoubt, after.InDoubt);
        Assert.Equal(2, after.Attempt);
    }

    [Fact]
    public void ARefusedOrDroppedConnectionMovesToTheNextNodeOnlyWhenThereIsOne()
    {
        Assert.False(AnswerClassifier.Classify(Make("refused"), At(RequestKind.Read, 1)).Rotate);
        Assert.True(AnswerClassifier.Classify(Make("refused"), At(RequestKind.Read, 1, Node, OtherNode)).Rotate);
        Assert.True(AnswerClassifier.Classify(Make("500 not leader"), At(RequestKind.Create, 1, Node, OtherNode)).Rotate);
        Assert.False(AnswerClassifier.Classify(Make("500"), At(RequestKind.Create, 1, Node, OtherNode)).Rotate);
    }

    [Fact]
    public void ARedirectNamesTheLeaderByHostAndPortAndCountsNoAttempt()
    {
        var request = At(RequestKind.Create, 2);
        var step = AnswerClassifier.Classify(Attempt.Answered(Node, 307, "Temporary Redirect", Encoding.UTF8.GetBytes("Redirecting to leader"), null, "http://10.0.0.1:19090", 1),
            request);

        Assert.Equal(new Uri("http://10.0.0.1:19090/"), step.Leader);
        var after = request.After(step);
        Assert.Equal(2, after.Attempt);
        Assert.Equal(1, after.Redirects);

        // A fourth redirect in a row is a loop, not a cluster.
        var looping = after.After(step).After(step);
        Assert.Equal(StepKind.Fail, AnswerClassifier.Classify(Attempt.Answered(Node, 307, "Temporary Redirect", Array.Empty<byte>(), null, "http://10.0.0.1:19090", 1),
            looping).Kind);
    }

    [Fact]
    public void RateLimitsAreWaitedOutAsRetryAfterSaysUpToTheLimitThenFail()
    {
        var request = At(RequestKind.Read, 1);
        var wait = AnswerClassifier.Classify(Make("429", retryAfter: "2"), request);
        Assert.Equal(StepKind.WaitOutRateLimit, wait.Kind);
        Assert.Equal(TimeSpan.FromSeconds(2), wait.Delay);
        Assert.Equal(1, request.After(wait).Attempt);

        // Three minutes of waiting in all, then the user hears about it.
        var waited = request;
        for (var i = 0; i < 90; i++)
        {
            waited = waited.After(wait);
        }

        var given = AnswerClassifier.Classify(Make("429", retryAfter: "2"), waited);
        Assert.Equal(StepKind.Fail, given.Kind);
        Assert.IsType<CortexRateLimitedException>(given.Failure);
        Assert.Contains("100 requests a minute", given.Failure!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData("0", 1)]
    [InlineData("3", 3)]
    [InlineData("soon", 1)]
    public void RetryAfterIsReadInSecondsAndNeverBelowOne(string? header, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), AnswerClassifier.RetryAfter(header));

    [Fact]
    public void AFailureSaysWhatWhereAndWhyWithCortexsOwnCodeAndMessage()
    {
        var failure = AnswerClassifier.Classify(
            Attempt.Answered(Node, 500, "Internal Server Error", Encoding.UTF8.GetBytes("{\"error\":\"Graph error: disk full\",\"code\":\"GRAPH_ERROR\"}"), null, null, 3),
            At(RequestKind.IdempotentWrite, 4)).Failure;

        var api = Assert.IsType<CortexApiException>(failure);
        Assert.Equal(500, api.StatusCode);
        Assert.Equal("GRAPH_ERROR", api.ServerCode);
        Assert.Equal("/api/v1/triples/batch", api.Path);
        Assert.Equal("Cortex at http://127.0.0.1:19090 answered 500 Internal Server Error GRAPH_ERROR to POST /api/v1/triples/batch: Graph error: disk full", api.Message);
    }

    private static RequestProgress At(RequestKind kind, int attempt, params Uri[] nodes)
    {
        var options = new CortexClientOptions(nodes.Length > 0 ? nodes : new[] { Node }) { RetryDelay = TimeSpan.FromMilliseconds(250) };
        var request = new RequestProgress("POST", "/api/v1/triples/batch", "POST /api/v1/triples/batch", kind, options);
        var retry = Step.Retry(TimeSpan.Zero, false, false, "earlier attempt");
        for (var i = 1; i < attempt; i++)
        {
            request = request.After(retry);
        }

        return request;
    }

    private static Attempt Make(string answer, string? retryAfter = null) => answer switch
    {
        "timeout" => Attempt.TimedOut(Node, 60_000),
        "refused" => Attempt.NoResponse(Node, "connection refused", neverSent: true, error: null),
        "reset" => Attempt.NoResponse(Node, "connection reset", neverSent: false, error: null),
        "too large" => Attempt.TooLarge(Node, null),
        "500 duplicate" => Json(500, "{\"error\":\"Graph error: duplicate: triple 1a2b3c4d5e6f7a8b already exists\",\"code\":\"GRAPH_ERROR\"}"),
        "500 not leader" => Json(500, "{\"error\":\"Internal error: Not leader; leader unknown\",\"code\":\"INTERNAL_ERROR\"}"),
        "307" => Attempt.Answered(Node, 307, "Temporary Redirect", Encoding.UTF8.GetBytes("Redirecting to leader"), null, "http://10.0.0.1:19090", 1),
        "307 no location" => Attempt.Answered(Node, 307, "Temporary Redirect", Array.Empty<byte>(), null, null, 1),
        "429" => Attempt.Answered(Node, 429, "Too Many Requests", Encoding.UTF8.GetBytes("{\"error\":\"Rate limit exceeded\",\"code\":\"RATE_LIMIT_EXCEEDED\"}"),
            retryAfter ?? "1", null, 1),
        _ => Json(int.Parse(answer, System.Globalization.CultureInfo.InvariantCulture), int.Parse(answer,
            System.Globalization.CultureInfo.InvariantCulture) >= 400 ? "{\"error\":\"something\",\"code\":\"SOME_CODE\"}" : "{}"),
    };

    private static Attempt Json(int status, string body) => Attempt.Answered(Node, status, "Reason", Encoding.UTF8.GetBytes(body), null, null, 1);
}
