using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mayros.TestSupport;

/// <summary>What the proxy does with one request.</summary>
public abstract record Fault
{
    /// <summary>Forward it and return the answer.</summary>
    public static readonly Fault None = new Pass();

    /// <summary>Close the connection without an answer; the server never sees the request.</summary>
    public static readonly Fault Drop = new DropConnection(false);

    /// <summary>Forward it (so the server applies it), then close the connection without an answer.</summary>
    public static readonly Fault ApplyThenDrop = new DropConnection(true);

    public static Fault Status(int status, string? body = null, string? retryAfter = null) => new Answer(status, body, retryAfter);

    public static Fault Stall(TimeSpan delay) => new Wait(delay);

    /// <summary>Forward it, then replace the answer's body with text that is not JSON.</summary>
    public static Fault Malformed(string body = "{\"triples\":[{\"id\":") => new Replace(body);

    public sealed record Pass : Fault;

    public sealed record DropConnection(bool Apply) : Fault;

    public sealed record Answer(int Code, string? Body, string? RetryAfter) : Fault;

    public sealed record Wait(TimeSpan Delay) : Fault;

    public sealed record Replace(string Body) : Fault;
}

/// <summary>One request as the proxy saw it.</summary>
public sealed record ProxiedRequest(int Index, string Method, string PathAndQuery)
{
    public bool IsWrite => Method is "POST" or "DELETE" && !PathAndQuery.StartsWith("/api/v1/query", StringComparison.Ordinal);
}

/// <summary>
/// A proxy between the module and the local Cortex that injects faults: refused or dropped connections, 5xx and 429
/// answers, stalls past the timeout, malformed JSON, and writes applied whose answers are lost.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly ConcurrentQueue<ProxiedRequest> _seen = new();
    private int _count;

    private FaultProxy(WebApplication app, HttpClient upstream, Uri address)
    {
        _app = app;
        _upstream = upstream;
        Address = address;
    }

    public Uri Address { get; }

    public int Port => Address.Port;

    /// <summary>Decides each request's fault; the default forwards everything.</summary>
    public Func<ProxiedRequest, Fault> Plan { get; set; } = _ => Fault.None;

    public ProxiedRequest[] Seen => _seen.ToArray();

    /// <summary>Raised when a request arrives (before its fault is applied).</summary>
    public event Action<ProxiedRequest>? Arrived;

    public static async Task<FaultProxy> StartAsync(Uri target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            k.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        var upstream = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = target, Timeout = TimeSpan.FromMinutes(5) };
        FaultProxy? proxy = null;
        app.Run(context => proxy!.Handle(context));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        proxy = new FaultProxy(app, upstream, address);
        return proxy;
    }

    public void Reset()
    {
        _seen.Clear();
        Interlocked.Exchange(ref _count, 0);
        Plan = _ => Fault.None;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private async Task Handle(HttpContext context)
    {
        var request = new ProxiedRequest(Interlocked.Increment(ref _count), context.Request.Method, context.Request.Path + context.Request.QueryString);
        _seen.Enqueue(request);
        Arrived?.Invoke(request);
        var fault = Plan(request);
        if (await AnswerWithoutForwarding(context, fault))
        {
            return;
        }

        using var forward = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
        await CopyRequest(context, forward);

        HttpResponseMessage answerFromServer;
        try
        {
            answerFromServer = await _upstream.SendAsync(forward, context.RequestAborted);
        }
        catch (HttpRequestException)
        {
            context.Abort();
            return;
        }

        using (answerFromServer)
        {
            await CopyAnswer(context, fault, answerFromServer);
        }
    }

    /// <summary>Applies the faults that come before the server: true when the request is done with and must not be forwarded.</summary>
    private static async Task<bool> AnswerWithoutForwarding(HttpContext context, Fault fault)
    {
        switch (fault)
        {
            case Fault.DropConnection { Apply: false }:
                context.Abort();
                return true;
            case Fault.Answer answer:
                context.Response.StatusCode = answer.Code;
                if (answer.RetryAfter != null)
                {
                    context.Response.Headers["Retry-After"] = answer.RetryAfter;
                }

                if (answer.Body != null)
                {
                    context.Response.ContentType = answer.Body.StartsWith('{') ? "application/json" : "text/plain";
                    await context.Response.WriteAsync(answer.Body);
                }

                return true;
            case Fault.Wait wait:
                try
                {
                    await Task.Delay(wait.Delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return true;
                }

                break;
        }

        return false;
    }

    /// <summary>Copies the request's body, content type and authorization onto the request sent to the server.</summary>
    private static async Task CopyRequest(HttpContext context, HttpRequestMessage forward)
    {
        if (context.Request.ContentLength > 0 || context.Request.Headers.ContainsKey("Transfer-Encoding"))
        {
            using var buffer = new System.IO.MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            forward.Content = new ByteArrayContent(buffer.ToArray());
            if (context.Request.ContentType != null)
            {
                forward.Content.Headers.TryAddWithoutValidation("Content-Type", context.Request.ContentType);
            }
        }

        if (context.Request.Headers.Authorization.Count > 0)
        {
            forward.Headers.TryAddWithoutValidation("Authorization", context.Request.Headers.Authorization.ToString());
        }
    }

    /// <summary>Passes the server's answer back, unless the fault drops the connection or replaces the body.</summary>
    private static async Task CopyAnswer(HttpContext context, Fault fault, HttpResponseMessage answerFromServer)
    {
        var body = await answerFromServer.Content.ReadAsByteArrayAsync();
        if (fault is Fault.DropConnection { Apply: true })
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = (int)answerFromServer.StatusCode;
        foreach (var header in answerFromServer.Headers.Where(h => h.Key is "Retry-After" or "Location" or "X-RateLimit-Limit" or "X-RateLimit-Remaining"))
        {
            context.Response.Headers[header.Key] = header.Value.ToArray();
        }

        if (answerFromServer.Content.Headers.ContentType is { } type)
        {
            context.Response.ContentType = type.ToString();
        }

        if (fault is Fault.Replace replace)
        {
            await context.Response.WriteAsync(replace.Body, Encoding.UTF8);
            return;
        }

        await context.Response.Body.WriteAsync(body);
    }
}
