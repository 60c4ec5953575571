namespace LocalCortex;

/// <summary>How a local Cortex starts. The defaults are a stock Cortex's, except that nothing is fixed.</summary>
public sealed class CortexServerOptions
{
    /// <summary>The default port of a stock Cortex.</summary>
    public const int DefaultPort = 19090;

    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The port to listen on; 0 picks a free one (tests).</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>Where the SQLite store lives; null keeps the graph in memory (lost when the server stops).</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Requests per minute per client IP, as Cortex's limiter (100); 0 turns the limiter off.</summary>
    public int RateLimitPerMinute { get; set; } = 100;

    /// <summary>
    /// The HS256 secret (Cortex's AINGLE_JWT_SECRET). Without one, a request carrying "Authorization: Bearer" has its
    /// connection dropped, as a stock Cortex does.
    /// </summary>
    public string? JwtSecret { get; set; }

    /// <summary>
    /// Whether the server keeps a DAG of its writes and serves /api/v1/dag (Cortex's default "dag" feature); false
    /// plays a build without it, where those routes do not exist (404).
    /// </summary>
    public bool Dag { get; set; } = true;

    public ClusterRole Role { get; set; } = ClusterRole.Standalone;

    public int NodeId { get; set; } = 1;

    /// <summary>For a follower: the leader's REST address (host:port); null means "leader unknown".</summary>
    public string? LeaderAddress { get; set; }

    /// <summary>The rate limiter's clock (UTC); tests may hold time still. Null is the system clock.</summary>
    public System.Func<System.DateTime>? Clock { get; set; }
}
