using System;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using LocalCortex;

// LocalCortex: a development and test server that answers like AIngle Cortex's REST API. Not for production:
// production runs on AIngle Cortex (and a Cortex cluster where one machine is outgrown).
return await Cli.RunAsync(args);

internal static class Cli
{
    private const string Usage = """
        LocalCortex - a local development/test server that behaves like AIngle Cortex's REST API.
        Not for production: use AIngle Cortex there.

        Usage: dotnet run --project src/LocalCortex -- [options]

          -h, --host <ip>          address to bind (default 127.0.0.1); -h is host, as in Cortex
          -p, --port <n>           port (default 19090, Cortex's default; the Mayros module defaults to 8080)
              --public             bind 0.0.0.0
              --data <dir>         keep the graph in SQLite under <dir> (default ~/.aingle/local-cortex)
              --memory             keep the graph in memory only (lost on exit)
              --rate-limit <n>     requests per minute per client IP (default 100, as Cortex); 0 turns it off
              --jwt-secret <s>     accept "Authorization: Bearer" JWTs signed with <s> (else AINGLE_JWT_SECRET;
                                   without either, a Bearer request has its connection dropped, as in Cortex)
              --no-dag             keep no DAG of the writes and serve no /api/v1/dag routes (a Cortex built
                                   without its default "dag" feature)
              --follower-of <h:p>  act as a Cortex cluster follower whose leader is <h:p> (307 on single writes)
              --leader-unknown     act as a follower during an election (500 "Not leader; leader unknown")
              --cluster-leader     act as a Cortex cluster leader (cluster-mode create responses)
              --help               show this text
              --version            show the Cortex version this server imitates
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        CortexServerOptions options;
        try
        {
            options = Parse(args, out var exit);
            if (exit is not null)
            {
                Console.Out.WriteLine(exit);
                return 0;
            }
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine("error: " + ex.Message);
            Console.Error.WriteLine("Run with --help for the options.");
            return 2;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        await using var server = await CortexServer.StartAsync(options);
        var store = server.Store.JournalPath is { } path ? $"SQLite at {path}" : "in memory (lost on exit)";
        var limit = options.RateLimitPerMinute > 0 ? $"{options.RateLimitPerMinute} requests/minute per client" : "off";
        Console.Out.WriteLine($"LocalCortex (development/test server, Cortex API {LocalCortex.Routes.ServerRoutes.CortexVersion}) listening on " +
            $"{server.BaseAddress.ToString().TrimEnd('/')}");
        Console.Out.WriteLine($"  store: {store}; rate limit: {limit}; role: {options.Role.ToString().ToLowerInvariant()}");
        Console.Out.WriteLine("  Press Ctrl+C to stop.");
        try
        {
            await server.WaitForShutdownAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        Console.Out.WriteLine("LocalCortex stopped.");
        return 0;
    }

    private static CortexServerOptions Parse(string[] args, out string? exit)
    {
        exit = null;
        var options = new CortexServerOptions
        {
            JwtSecret = Environment.GetEnvironmentVariable("AINGLE_JWT_SECRET") is { Length: > 0 } secret ? secret : null,
            DataDirectory = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".aingle", "local-cortex"),
        };
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "-h" or "--host":
                    options.Host = Next();
                    break;
                case "-p" or "--port":
                    var port = Next();
                    if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p > 65535)
                    {
                        throw new ArgumentException($"'{port}' is not a port number (0-65535).");
                    }

                    options.Port = p;
                    break;
                case "--public":
                    options.Host = "0.0.0.0";
                    break;
                case "--data" or "--db":
                    options.DataDirectory = Next();
                    break;
                case "--memory":
                    options.DataDirectory = null;
                    break;
                case "--no-dag":
                    options.Dag = false;
                    break;
                case "--rate-limit":
                    var rate = Next();
                    if (!int.TryParse(rate, NumberStyles.None, CultureInfo.InvariantCulture, out var r))
                    {
                        throw new ArgumentException($"'{rate}' is not a number of requests per minute.");
                    }

                    options.RateLimitPerMinute = r;
                    break;
                case "--jwt-secret":
                    options.JwtSecret = Next();
                    break;
                case "--follower-of":
                    options.Role = ClusterRole.Follower;
                    options.NodeId = 2;
                    options.LeaderAddress = Next();
                    break;
                case "--leader-unknown":
                    options.Role = ClusterRole.Follower;
                    options.NodeId = 2;
                    options.LeaderAddress = null;
                    break;
                case "--cluster-leader":
                    options.Role = ClusterRole.Leader;
                    break;
                case "--help":
                    exit = Usage;
                    return options;
                case "--version" or "-V":
                    exit = "LocalCortex imitating aingle_cortex " + LocalCortex.Routes.ServerRoutes.CortexVersion;
                    return options;
                default:
                    throw new ArgumentException($"unknown option '{args[i]}'.");
            }
        }

        return options;
    }
}
