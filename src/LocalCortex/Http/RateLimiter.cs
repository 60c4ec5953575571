using System;
using System.Collections.Concurrent;

namespace LocalCortex.Http;

/// <summary>
/// Cortex's limiter: a token bucket per client IP, burst = the per-minute rate, refilled at rate/60 per second.
/// It applies to every route, /health included.
/// </summary>
public sealed class RateLimiter
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Func<DateTime> _clock;

    public RateLimiter(int perMinute, Func<DateTime>? clock = null)
    {
        if (perMinute <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(perMinute), perMinute, "The rate must be positive; turn the limiter off instead.");
        }

        PerMinute = perMinute;
        _clock = clock ?? (() => DateTime.UtcNow);
    }

    public int PerMinute { get; }

    public Decision TryTake(string client)
    {
        var bucket = _buckets.GetOrAdd(client, _ => new Bucket(PerMinute, _clock()));
        lock (bucket)
        {
            var now = _clock();
            var perSecond = PerMinute / 60.0;
            bucket.Tokens = Math.Min(PerMinute, bucket.Tokens + ((now - bucket.Updated).TotalSeconds * perSecond));
            bucket.Updated = now;
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                return new Decision(true, (int)Math.Floor(bucket.Tokens), 0);
            }

            var wait = (int)Math.Ceiling((1 - bucket.Tokens) / perSecond);
            return new Decision(false, 0, Math.Max(1, wait));
        }
    }

    public readonly record struct Decision(bool Allowed, int Remaining, int RetryAfterSeconds);

    private sealed class Bucket
    {
        public Bucket(double tokens, DateTime updated)
        {
            Tokens = tokens;
            Updated = updated;
        }

        public double Tokens { get; set; }

        public DateTime Updated { get; set; }
    }
}
