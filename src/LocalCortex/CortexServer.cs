using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using LocalCortex.Graph;
using LocalCortex.Http;
using LocalCortex.Routes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LocalCortex;

/// <summary>
/// A running local Cortex: Kestrel on one address, the store, the request log. Start it in-process from tests, or
/// through Program from the command line.
/// </summary>
public sealed class CortexServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CortexServer(WebApplication app, ServerState state, Uri baseAddress, RequestLog requests)
    {
        _app = app;
        State = state;
        BaseAddress = baseAddress;
        Requests = requests;
    }

    public Uri BaseAddress { get; }

    public int Port => BaseAddress.Port;

    public ServerState State { get; }

    public TripleStore Store => State.Store;

    public Cluster Cluster => State.Cluster;

    public RequestLog Requests { get; }

    public static async Task<CortexServer> StartAsync(CortexServerOptions options, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null; // the 1 MiB limit is Cortex's, answered by the route (413)
            kestrel.Listen(ResolveAddress(options.Host), options.Port);
        });

        var store = new TripleStore(options.DataDirectory);
        var cluster = new Cluster(options.Role, options.NodeId, null, options.Role == ClusterRole.Follower ? options.LeaderAddress : null);
        var state = new ServerState(store, options, cluster)
        {
            Dag = options.Dag
                ? new Dag.DagStore(Dag.DagSigner.ForDirectory(options.DataDirectory), options.Role == ClusterRole.Standalone ? "node:local" : $"node:{options.NodeId}", store.Count)
                : null,
        };
        var app = builder.Build();
        var router = new Router();
        TripleRoutes.Map(router, state);
        QueryRoutes.Map(router, state);
        EventRoutes.Map(router, state);
        ServerRoutes.Map(router, state);
        if (state.Dag is { } dag)
        {
            DagRoutes.Map(router, state, dag);
        }

        var requests = new RequestLog();
        app.Run(http => Handle(http, router, state, requests));
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            store.Dispose();
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var baseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        var server = new CortexServer(app, state, baseAddress, requests);
        cluster.AdvertisedAddress = $"{options.Host}:{baseAddress.Port}";
        if (options.Role == ClusterRole.Leader)
        {
            cluster.LeaderAddress = cluster.AdvertisedAddress;
        }

        return server;
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
            State.Store.Dispose();
        }
    }

    private static IPAddress ResolveAddress(string host) => host switch
    {
        "localhost" => IPAddress.Loopback,
        _ => IPAddress.Parse(host),
    };

    private static async Task Handle(HttpContext http, Router router, ServerState state, RequestLog log)
    {
        var method = http.Request.Method;
        var path = http.Request.Path.Value ?? "/";
        var client = ClientKey(http);
        var authorization = http.Request.Headers.Authorization.Count > 0 ? http.Request.Headers.Authorization.ToString() : null;
        try
        {
            if (await RateLimited(http, state, client))
            {
                return;
            }

            string? jwtNamespace = null;
            if (authorization is not null && authorization.StartsWith("Bearer ", StringComparison.Ordinal))
            {
                if (state.Options.JwtSecret is null)
                {
                    // A stock Cortex without AINGLE_JWT_SECRET panics on a Bearer header: the connection drops, no response.
                    http.Abort();
                    return;
                }

                jwtNamespace = JwtNamespace.Extract(authorization["Bearer ".Length..], state.Options.JwtSecret, DateTimeOffset.UtcNow);
            }

            await Dispatch(http, router, method, path, jwtNamespace);
        }
        catch (ApiErrorException error) when (!http.Response.HasStarted)
        {
            await Respond.Error(http, error);
        }
        catch (RejectionException rejection) when (!http.Response.HasStarted)
        {
            await Respond.Text(http, rejection.Status, rejection.Text);
        }
        catch (Cluster.RedirectException redirect) when (!http.Response.HasStarted)
        {
            http.Response.Headers.Location = redirect.Location;
            await Respond.Text(http, 307, redirect.Message);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception ex) when (!http.Response.HasStarted)
        {
            await Respond.Error(http, ApiErrorException.Internal(ex.Message));
        }
        finally
        {
            var query = http.Request.QueryString.Value ?? string.Empty;
            log.Add(new LoggedRequest(
                DateTime.UtcNow, method, path, query, http.Response.StatusCode, authorization, http.Request.ContentLength ?? 0, client));
        }
    }

    /// <summary>Answers 429 when the client is over Cortex's rate limit (and says so); else sets the limit headers.</summary>
    private static async Task<bool> RateLimited(HttpContext http, ServerState state, string client)
    {
        if (state.Limiter is not { } limiter)
        {
            return false;
        }

        var decision = limiter.TryTake(client);
        if (!decision.Allowed)
        {
            http.Response.Headers["Retry-After"] = decision.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            http.Response.Headers["X-RateLimit-Remaining"] = "0";
            await Respond.Json(http, 429, w =>
            {
                w.WriteStartObject();
                w.WriteString("error", $"Rate limit exceeded. Retry after {decision.RetryAfterSeconds} seconds");
                w.WriteString("code", "RATE_LIMIT_EXCEEDED");
                w.WriteNumber("retry_after", decision.RetryAfterSeconds);
                w.WriteEndObject();
            });
            return true;
        }

        http.Response.Headers["X-RateLimit-Limit"] = limiter.PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers["X-RateLimit-Remaining"] = decision.Remaining.ToString(System.Globalization.CultureInfo.InvariantCulture);

        return false;
    }

    private static async Task Dispatch(HttpContext http, Router router, string method, string path, string? jwtNamespace)
    {
        var match = router.Resolve(method, path);
        if (match.Handler is null)
        {
            if (match.Allowed is not null)
            {
                http.Response.Headers["Allow"] = string.Join(",", match.Allowed);
                http.Response.StatusCode = 405;
            }
            else
            {
                http.Response.StatusCode = 404;
            }

            return;
        }

        await match.Handler(new RequestContext(http, match.Values, jwtNamespace));
    }

    /// <summary>The limiter's client key: the TCP peer, else X-Forwarded-For (first entry), else X-Real-IP, else 127.0.0.1.</summary>
    private static string ClientKey(HttpContext http)
    {
        if (http.Connection.RemoteIpAddress is { } peer)
        {
            return peer.ToString();
        }

        var forwarded = http.Request.Headers["X-Forwarded-For"].ToString();
        if (forwarded.Length > 0)
        {
            return forwarded.Split(',')[0].Trim();
        }

        var realIp = http.Request.Headers["X-Real-IP"].ToString();
        return realIp.Length > 0 ? realIp : "127.0.0.1";
    }
}
